import Definitions
import Syscalls
import TestSupport
import Testing

@testable import Engine

/// Templates on disk: which instances exist, what each reads, how the
/// generator names them.
@Suite struct TemplateDefinitionTests {
    private let template = """
        [Unit]
        Description=Web %i

        [Container]
        Image=/srv/images/web
        Exec=/bin/echo %i of %p
        Environment=ROLE=%i

        [Install]
        WantedBy=multi-user.target
        DefaultInstance=main

        """

    @Test func aLinkAnEmptyFileAndTheDefaultInstanceAreInstancesAndTheTemplateIsNone() throws {
        try TemporaryDirectory.with("tpl") { dir in
            try dir.write("web@.container", template)
            try FileSystem.replaceSymlink(at: dir.path + "/web@blue.container", target: "web@.container")
            try dir.write("web@green.container", "")
            let listing = DefinitionStore(searchPath: [dir.path]).list()
            #expect(listing.definitions.map(\.name) == ["web@blue", "web@green", "web@main"])
            #expect(listing.templates.map(\.name) == ["web@"])
        }
    }

    @Test func anInstanceReadsTheTemplateWithItsNameForPercentI() throws {
        try TemporaryDirectory.with("tpl") { dir in
            try dir.write("web@.container", template)
            try dir.write("web@green.container", "")
            let store = DefinitionStore(searchPath: [dir.path])
            let result = try store.load(name: "web@green")
            let definition = try #require(result.definition, "\(result.diagnostics)")
            #expect(definition.name == "web@green")
            #expect(definition.serviceName == "ctr@web@green.service")
            #expect(definition.exec == ["/bin/echo", "green", "of", "web"])
            #expect(definition.environment.map(\.value) == ["green"])
            #expect(definition.unitSection.map(\.value) == ["Web green"])
            #expect(definition.install.wantedBy == ["multi-user.target"])
            #expect(result.diagnostics.isEmpty)
        }
    }

    @Test func anInstanceFileWithLinesOverridesTheTemplate() throws {
        try TemporaryDirectory.with("tpl") { dir in
            try dir.write("web@.container", template)
            try dir.write("web@red.container", "[Container]\nEnvironment=ROLE=special-%i\n")
            try dir.write("web@.container.d/10-mem.conf", "[Container]\nMemory=64M\n")
            try dir.write("web@red.container.d/20-env.conf", "[Container]\nEnvironment=LATE=%i\n")
            let definition = try #require(try DefinitionStore(searchPath: [dir.path]).load(name: "web@red").definition)
            #expect(
                definition.environment.map { "\($0.name)=\($0.value)" } == ["ROLE=red", "ROLE=special-red", "LATE=red"])
            #expect(definition.resources.memoryBytes == 64 << 20)
        }
    }

    @Test func onlyDeclaredInstancesHaveADefinition() throws {
        try TemporaryDirectory.with("tpl") { dir in
            try dir.write("web@.container", template)
            let store = DefinitionStore(searchPath: [dir.path])
            #expect(store.path(forName: "web@main") == dir.path + "/web@.container")
            #expect(store.path(forName: "web@other") == nil)
        }
    }

    @Test func theGeneratorWritesOneUnitPerInstanceAndEnablesEach() throws {
        try TemporaryDirectory.with("tpl") { dir in
            try dir.write("defs/web@.container", template)
            try FileSystem.replaceSymlink(at: dir.path + "/defs/web@blue.container", target: "web@.container")
            let report = try runGenerator(searchPath: [dir.path + "/defs"], outputDir: dir.path + "/out")
            #expect(report.containers == ["web@blue", "web@main"])
            #expect(report.diagnostics.isEmpty)
            #expect(
                report.files.map(\.path) == [
                    "ctr@web@blue.service.d/50-swctl.conf", "multi-user.target.wants/ctr@web@blue.service",
                    "ctr@web@main.service.d/50-swctl.conf", "multi-user.target.wants/ctr@web@main.service",
                ])
            let dropIn = try FileSystem.readTextFile(dir.path + "/out/ctr@web@blue.service.d/50-swctl.conf")
            #expect(dropIn.contains("Description=Web blue\n"))
        }
    }

    @Test func aBadDefaultInstanceIsReportedAtItsLine() throws {
        try TemporaryDirectory.with("tpl") { dir in
            try dir.write("web@.container", "[Container]\nImage=/i\n[Install]\nDefaultInstance=-x\n")
            let diagnostics = DefinitionStore(searchPath: [dir.path]).validate(paths: [])
            #expect(
                diagnostics.map(\.description).contains(
                    "\(dir.path)/web@.container:4: DefaultInstance: '-x' is not a valid instance name (\(ContainerDefinition.nameRule))"
                ))
        }
    }

    @Test func aTemplateWithoutInstancesIsStillChecked() throws {
        try TemporaryDirectory.with("tpl") { dir in
            try dir.write("web@.container", "[Container]\nImage=/i\nMemory=12X\n")
            let diagnostics = DefinitionStore(searchPath: [dir.path]).validate(paths: [])
            #expect(diagnostics.map(\.line) == [3])
            #expect(diagnostics.first?.file == dir.path + "/web@.container")
        }
    }
}

@Suite struct TemplateValidateTests {
    @Test func anInstanceFileGivenToValidateIsReadThroughItsTemplate() throws {
        try TemporaryDirectory.with("tpl") { dir in
            try dir.write("q/web@.container", "[Container]\nImage=/i\nMemory=%i\n")
            try FileSystem.replaceSymlink(at: dir.path + "/q/web@64M.container", target: "web@.container")
            try FileSystem.replaceSymlink(at: dir.path + "/q/web@lots.container", target: "web@.container")
            let store = DefinitionStore(searchPath: [dir.path + "/etc"])
            #expect(store.validate(paths: [dir.path + "/q/web@64M.container"]).isEmpty)
            #expect(
                store.validate(paths: [dir.path + "/q/web@lots.container"]).map(\.description) == [
                    "\(dir.path)/q/web@.container:3: Memory: 'lots' is not a size (use a number with an optional K, M, G or T suffix, e.g. 512M)"
                ])
        }
    }
}
