import Definitions
import Syscalls
import TestSupport
import Testing

@testable import Engine

/// `NAME.container.d/*.conf` and `container.d/*.conf`, merged as systemd
/// merges unit drop-ins.
@Suite struct DefinitionDropInTests {
    private let web = "[Container]\nImage=/var/lib/machines/web\nMemory=64M\nEnvironment=A=1\n"

    @Test func aDropInOverridesAKeyAndAddsToALists() throws {
        try TemporaryDirectory.with("dropin") { directory in
            try directory.write("etc/web.container", web)
            try directory.write("etc/web.container.d/10-memory.conf", "[Container]\nMemory=128M\nEnvironment=B=2\n")
            try directory.write("etc/web.container.d/20-service.conf", "[Service]\nRestart=always\n")
            let store = DefinitionStore(searchPath: [directory.path + "/etc"])
            let result = try store.load(name: "web")
            let definition = try #require(result.definition)
            #expect(definition.resources.memoryBytes == 128 * 1024 * 1024)
            #expect(definition.environment.map(\.name) == ["A", "B"])
            #expect(definition.serviceSection.map(\.key) == ["Restart"])
        }
    }

    @Test func dropInsApplyInFileNameOrderAcrossDirectoriesAndTheSharedOne() throws {
        try TemporaryDirectory.with("dropin") { directory in
            try directory.write("etc/web.container", web)
            try directory.write("usr/container.d/10-all.conf", "[Container]\nMemory=1G\nPidsLimit=50\n")
            try directory.write("etc/web.container.d/20-mine.conf", "[Container]\nMemory=256M\n")
            // Same name in a later directory: hidden by /etc's.
            try directory.write("usr/web.container.d/20-mine.conf", "[Container]\nMemory=2G\n")
            let store = DefinitionStore(searchPath: [directory.path + "/etc", directory.path + "/usr"])
            #expect(
                store.dropIns(for: "web") == [
                    directory.path + "/usr/container.d/10-all.conf", directory.path + "/etc/web.container.d/20-mine.conf",
                ])
            let definition = try #require(try store.load(name: "web").definition)
            #expect(definition.resources.memoryBytes == 256 * 1024 * 1024)
            #expect(definition.resources.pidsLimit == 50)
        }
    }

    @Test func aLinkToDevNullMasksADropIn() throws {
        try TemporaryDirectory.with("dropin") { directory in
            try directory.write("etc/web.container", web)
            try directory.write("usr/container.d/10-all.conf", "[Container]\nMemory=1G\n")
            try FileSystem.makeDirectories(directory.path + "/etc/container.d")
            try FileSystem.replaceSymlink(at: directory.path + "/etc/container.d/10-all.conf", target: "/dev/null")
            let store = DefinitionStore(searchPath: [directory.path + "/etc", directory.path + "/usr"])
            #expect(store.dropIns(for: "web") == [])
            #expect(try store.load(name: "web").definition?.resources.memoryBytes == 64 * 1024 * 1024)
        }
    }

    @Test func anErrorInADropInNamesTheDropInAndItsLine() throws {
        try TemporaryDirectory.with("dropin") { directory in
            try directory.write("etc/web.container", web + "Bogus=1\n")
            try directory.write("etc/web.container.d/10-bad.conf", "# a comment\n[Container]\nMemory=lots\n")
            let store = DefinitionStore(searchPath: [directory.path + "/etc"])
            let result = try store.load(name: "web")
            #expect(result.definition == nil)
            #expect(
                result.diagnostics.map(\.description) == [
                    "\(directory.path)/etc/web.container:5: Bogus: unknown key in [Container] (swctl.container(5) lists the keys)",
                    "\(directory.path)/etc/web.container.d/10-bad.conf:3: Memory: 'lots' is not a size (use a number with an optional K, M, G or T suffix, e.g. 512M)",
                ])
        }
    }

    @Test func theGeneratorAndValidateUseTheDropIns() throws {
        try TemporaryDirectory.with("dropin") { directory in
            try directory.write("etc/web.container", web)
            try directory.write("etc/container.d/50-limits.conf", "[Container]\nPidsLimit=77\n")
            let report = try runGenerator(searchPath: [directory.path + "/etc"], outputDir: directory.path + "/out")
            #expect(report.containers == ["web"])
            let dropIn = try FileSystem.readTextFile(directory.path + "/out/ctr@web.service.d/50-swctl.conf")
            #expect(dropIn.contains("TasksMax=77\n"))
            try directory.write("etc/container.d/60-bad.conf", "[Container]\nPidsLimit=many\n")
            let problems = validate(paths: [directory.path + "/etc/web.container"], searchPath: [directory.path + "/etc"])
            #expect(problems.map(\.file) == [directory.path + "/etc/container.d/60-bad.conf"])
            // Shared by two definitions, its problem is reported once.
            try directory.write("etc/db.container", web)
            let all = validate(paths: [], searchPath: [directory.path + "/etc"])
            #expect(all.map(\.file) == [directory.path + "/etc/container.d/60-bad.conf"])
        }
    }
}
