import Definitions
import Generator
import Glibc
import Syscalls
import Testing
import UnitFile

@testable import Engine

/// A temporary directory with definition directories and an output
/// directory; removed when the test ends.
private final class Scratch {
    let root: String

    init() throws {
        var template = Array("/tmp/swctl-generator-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard let made else { throw Errno(rawValue: errno) }
        root = String(cString: made)
    }

    /// Writes `ROOT/DIRECTORY/FILE` and returns its path.
    @discardableResult
    func write(_ directory: String, _ file: String, _ text: String) throws -> String {
        try FileSystem.makeDirectories(root + "/" + directory)
        let path = root + "/" + directory + "/" + file
        try FileSystem.writeFileAtomically(path, text: text)
        return path
    }

    func path(_ relative: String) -> String { root + "/" + relative }

    deinit { try? FileSystem.removeTree(root) }
}

private let good = "[Container]\nImage=/var/lib/machines/web\nMemory=64M\n[Install]\nWantedBy=multi-user.target\n"

@Suite struct GeneratorRunTests {
    @Test func aBadDefinitionIsReportedAndSkippedAndTheOthersAreGenerated() throws {
        let scratch = try Scratch()
        try scratch.write("etc", "a.container", good)
        let bad = try scratch.write("etc", "b.container", "[Container]\nImage=/i\nMemory=12X\n")
        try scratch.write("etc", "c.container", good)
        try scratch.write("etc", "notes.txt", "not a definition")

        let report = try runGenerator(searchPath: [scratch.path("etc")], outputDir: scratch.path("out"))
        #expect(report.containers == ["a", "c"])
        #expect(report.skipped == [bad])
        #expect(
            report.diagnostics.map(\.description) == [
                "\(bad):3: Memory: '12X' is not a size (use a number with an optional K, M, G or T suffix, e.g. 512M)"
            ])
        let dropIn = try FileSystem.readTextFile(scratch.path("out/ctr@a.service.d/50-swctl.conf"))
        #expect(dropIn.contains("SourcePath=\(scratch.path("etc/a.container"))\n"))
        #expect(dropIn.contains("MemoryMax=67108864\n"))
        #expect(FileSystem.exists(scratch.path("out/ctr@c.service.d/50-swctl.conf")))
        #expect(!FileSystem.exists(scratch.path("out/ctr@b.service.d")))
        #expect(
            try FileSystem.readLink(scratch.path("out/multi-user.target.wants/ctr@a.service"))
                == Generator.defaultTemplatePath)
        #expect(try FileSystem.status(scratch.path("out/ctr@a.service.d/50-swctl.conf"))?.permissions == 0o644)
    }

    @Test func anEarlierDirectoryWinsForTheSameName() throws {
        let scratch = try Scratch()
        let etc = try scratch.write("etc", "web.container", good)
        let usr = try scratch.write("usr", "web.container", "[Container]\nImage=/vendor\n")
        try scratch.write("usr", "db.container", "[Container]\nImage=/db\n")
        let store = DefinitionStore(searchPath: [scratch.path("etc"), scratch.path("run"), scratch.path("usr")])

        let listing = store.list()
        #expect(
            listing.definitions == [
                .init(name: "db", path: scratch.path("usr/db.container")), .init(name: "web", path: etc),
            ])
        #expect(listing.shadowed == [.init(name: "web", path: usr)])
        #expect(try store.load(name: "web").definition?.image == "/var/lib/machines/web")
        #expect(store.path(forName: "db") == scratch.path("usr/db.container"))

        let report = try runGenerator(searchPath: store.searchPath, outputDir: scratch.path("out"))
        #expect(report.containers == ["db", "web"])
        #expect(
            try FileSystem.readTextFile(scratch.path("out/ctr@web.service.d/50-swctl.conf")).contains(
                "SourcePath=\(etc)\n"))
    }

    @Test func aLinkToDevNullMasksTheNameInLaterDirectories() throws {
        let scratch = try Scratch()
        try FileSystem.makeDirectories(scratch.path("etc"))
        try FileSystem.replaceSymlink(at: scratch.path("etc/web.container"), target: "/dev/null")
        try scratch.write("usr", "web.container", good)
        let store = DefinitionStore(searchPath: [scratch.path("etc"), scratch.path("usr")])

        #expect(store.list().definitions.isEmpty)
        #expect(store.list().masked == [.init(name: "web", path: scratch.path("etc/web.container"))])
        #expect(throws: DefinitionLookupError.masked("web", path: scratch.path("etc/web.container"))) {
            try store.load(name: "web")
        }
        #expect(try runGenerator(searchPath: store.searchPath, outputDir: scratch.path("out")).files.isEmpty)
    }

    @Test func loadingByNameExplainsWhatIsMissing() throws {
        let scratch = try Scratch()
        let store = DefinitionStore(searchPath: [scratch.path("etc"), scratch.path("usr")])
        #expect(throws: DefinitionLookupError.notFound("web", searchPath: store.searchPath)) {
            try store.load(name: "web")
        }
        #expect(
            DefinitionLookupError.notFound("web", searchPath: ["/etc/swctl/containers", "/usr/lib/swctl/containers"])
                .description
                == "no definition named 'web' (looked for web.container in /etc/swctl/containers, /usr/lib/swctl/containers)"
        )
        #expect(throws: DefinitionLookupError.invalidName("../x")) { try store.load(name: "../x") }
    }

    @Test func anUnreadableDefinitionIsADiagnostic() throws {
        let scratch = try Scratch()
        try FileSystem.makeDirectories(scratch.path("etc"))
        try FileSystem.replaceSymlink(at: scratch.path("etc/gone.container"), target: scratch.path("nowhere"))
        let report = try runGenerator(searchPath: [scratch.path("etc")], outputDir: scratch.path("out"))
        #expect(
            report.diagnostics.map(\.description) == [
                "\(scratch.path("etc/gone.container")):1: cannot read the definition: ENOENT (no such file or directory)"
            ])
        #expect(report.skipped == [scratch.path("etc/gone.container")])
    }

    @Test func aDryRunWritesNothingAndListsEverything() throws {
        let scratch = try Scratch()
        try scratch.write("etc", "web.container", good)
        let report = try runGenerator(searchPath: [scratch.path("etc")], outputDir: scratch.path("out"), dryRun: true)
        #expect(!FileSystem.exists(scratch.path("out")))
        #expect(report.listing.hasPrefix("# \(scratch.path("out"))/ctr@web.service.d/50-swctl.conf\n# Generated by"))
        #expect(
            report.listing.hasSuffix(
                "\(scratch.path("out"))/multi-user.target.wants/ctr@web.service -> \(Generator.defaultTemplatePath)\n"))
    }

    @Test func runningAgainReplacesFilesAndLinks() throws {
        let scratch = try Scratch()
        try scratch.write("etc", "web.container", good)
        _ = try runGenerator(searchPath: [scratch.path("etc")], outputDir: scratch.path("out"))
        try scratch.write("etc", "web.container", good.replacing("Memory=64M", with: "Memory=128M"))
        _ = try runGenerator(
            searchPath: [scratch.path("etc")], outputDir: scratch.path("out"), templatePath: "/opt/ctr@.service")
        #expect(
            try FileSystem.readTextFile(scratch.path("out/ctr@web.service.d/50-swctl.conf")).contains(
                "MemoryMax=134217728\n"))
        #expect(
            try FileSystem.readLink(scratch.path("out/multi-user.target.wants/ctr@web.service")) == "/opt/ctr@.service")
        let leftovers = try FileSystem.listDirectory(scratch.path("out/ctr@web.service.d")).map(\.name)
        #expect(leftovers == ["50-swctl.conf"])
    }

    @Test func anOutputDirectoryThatCannotBeMadeIsAnError() throws {
        let scratch = try Scratch()
        try scratch.write("etc", "web.container", good)
        let blocker = try scratch.write("", "file", "")
        #expect(throws: GeneratorRunError.self) {
            try runGenerator(searchPath: [scratch.path("etc")], outputDir: blocker + "/out")
        }
    }

    @Test func validateChecksTheGivenFilesOrTheWholeSearchPath() throws {
        let scratch = try Scratch()
        let good = try scratch.write("etc", "a.container", good)
        let bad = try scratch.write("etc", "b.container", "[Container]\nImage=x\n")
        let other = try scratch.write("elsewhere", "c.conf", "[Container]\nImage=/i\n")
        #expect(validate(paths: [good]) == [])
        #expect(
            validate(paths: [other]).map(\.description) == [
                "\(other):1: not a container definition (the file name must be NAME.container)"
            ])
        #expect(validate(paths: [], searchPath: [scratch.path("etc")]).map(\.file) == [bad])
    }

    @Test(arguments: [
        (nil as String?, DefinitionStore.defaultSearchPath), ("", DefinitionStore.defaultSearchPath),
        ("/a:/b", ["/a", "/b"]), ("/a::/b:", ["/a", "/b"]),
    ])
    func theSearchPathVariableReplacesTheDefault(value: String?, searchPath: [String]) {
        #expect(DefinitionStore.searchPath(fromVariable: value) == searchPath)
        #expect(
            DefinitionStore.fromEnvironment(value.map { ["SWCTL_DEFINITIONS_PATH": $0] } ?? [:]).searchPath
                == searchPath)
    }

    @Test(arguments: [
        ("/etc/swctl/containers/web.container", "/etc/swctl/containers", "web.container"),
        ("/out/x.target.wants/", "/out", "x.target.wants"), ("web.container", ".", "web.container"),
        ("/web", "/", "web"), ("/", "/", ""), ("/é/ü.container", "/é", "ü.container"),
    ])
    func pathsAreSplitWithoutTouchingTheFileSystem(path: String, parent: String, base: String) {
        #expect(FileSystem.parentDirectory(of: path) == parent)
        #expect(FileSystem.baseName(of: path) == base)
    }

    @Test func theDefaultSearchPathIsEtcRunUsr() {
        #expect(
            DefinitionStore.defaultSearchPath == [
                "/etc/swctl/containers", "/run/swctl/containers", "/usr/lib/swctl/containers",
            ])
    }

    @Test(arguments: [
        ("/usr/lib/systemd/system-generators/swctl-generator", "/usr/lib/systemd/system/ctr@.service"),
        ("/usr/local/lib/systemd/system-generators/swctl-generator", "/usr/local/lib/systemd/system/ctr@.service"),
        ("/opt/swctl/libexec/swctl/swctl-generator", "/opt/swctl/lib/systemd/system/ctr@.service"),
        ("swctl-generator", "/usr/lib/systemd/system/ctr@.service"),
        ("/home/me/build/swctl-generator", "/usr/lib/systemd/system/ctr@.service"),
    ])
    func theTemplateIsFoundFromTheGeneratorsInstallPrefix(executable: String, template: String) {
        #expect(generatorTemplatePath(executablePath: executable) == template)
    }

    @Test(arguments: [
        (["/out"], GeneratorInvocation.generate(outputDir: "/out", dryRun: false)),
        (["/n", "/e", "/l"], .generate(outputDir: "/n", dryRun: false)),
        (["--dry-run"], .generate(outputDir: "/run/systemd/generator", dryRun: true)),
        (["--dry-run", "/o"], .generate(outputDir: "/o", dryRun: true)),
        (["--help"], .help),
    ])
    func generatorArguments(arguments: [String], invocation: GeneratorInvocation) {
        #expect(GeneratorInvocation.parse(arguments) == invocation)
    }

    @Test(arguments: [[], ["/a", "/b"], ["/a", "/b", "/c", "/d"], ["--force", "/a"], [""]])
    func wrongGeneratorArguments(arguments: [String]) {
        #expect(GeneratorInvocation.parse(arguments) == nil)
    }

    @Test func theCommandExitsZeroForBadDefinitionsAndReportsThemOnStderr() throws {
        let scratch = try Scratch()
        try scratch.write("etc", "a.container", good)
        let bad = try scratch.write("etc", "b.container", "[Container]\nImage=/i\nExce=x\n")
        var output = ""
        var errors = ""
        let status = GeneratorCommand.run(
            arguments: ["swctl-generator", scratch.path("out"), scratch.path("early"), scratch.path("late")],
            environment: ["SWCTL_DEFINITIONS_PATH": scratch.path("etc")], standardOutput: { output += $0 },
            standardError: { errors += $0 })
        #expect(status == 0)
        #expect(errors == "\(bad):3: Exce: unknown key in [Container] (did you mean Exec?)\n")
        #expect(output.isEmpty)
        #expect(FileSystem.exists(scratch.path("out/ctr@a.service.d/50-swctl.conf")))
        #expect(!FileSystem.exists(scratch.path("early")) && !FileSystem.exists(scratch.path("late")))
    }

    @Test func theCommandFailsOnlyForUsageAndOutputErrors() throws {
        let scratch = try Scratch()
        try scratch.write("etc", "a.container", good)
        let blocker = try scratch.write("", "file", "")
        var errors = ""
        #expect(GeneratorCommand.run(arguments: ["g"], environment: [:], standardError: { errors += $0 }) == 2)
        #expect(errors.hasPrefix("swctl-generator: wrong arguments\nusage: swctl-generator NORMAL-DIR"))
        errors = ""
        let status = GeneratorCommand.run(
            arguments: ["g", blocker + "/out"], environment: ["SWCTL_DEFINITIONS_PATH": scratch.path("etc")],
            standardError: { errors += $0 })
        #expect(status == 1)
        #expect(
            errors
                == "swctl-generator: write the units into \(blocker)/out: make directory \(blocker)/out: ENOTDIR (not a directory)\n"
        )
    }

    @Test func runBySystemdTheDiagnosticsAlsoGoToTheSystemLog() throws {
        let scratch = try Scratch()
        let bad = try scratch.write("etc", "b.container", "[Container]\nImage=/i\nExce=x\n[Install]\nAlso=x.service\n")
        var records: [String] = []
        let environment = ["SWCTL_DEFINITIONS_PATH": scratch.path("etc"), "SYSTEMD_SCOPE": "system"]
        let status = GeneratorCommand.run(
            arguments: ["g", scratch.path("out")], environment: environment, standardError: { _ in },
            systemLog: { records += $0.map(GeneratorCommand.kernelRecord) })
        #expect(status == 0)
        #expect(
            records == [
                "<27>swctl-generator: \(bad):3: Exce: unknown key in [Container] (did you mean Exec?)\n",
                "<28>swctl-generator: \(bad):5: warning: Also: ignored (swctl makes no use of it for containers)\n",
            ])
        records = []
        _ = GeneratorCommand.run(
            arguments: ["g", scratch.path("out")], environment: ["SWCTL_DEFINITIONS_PATH": scratch.path("etc")],
            standardError: { _ in }, systemLog: { records += $0.map(GeneratorCommand.kernelRecord) })
        #expect(records.isEmpty, "run by hand, stderr is enough")
    }

    @Test func theCommandsDryRunPrintsTheListing() throws {
        let scratch = try Scratch()
        try scratch.write("etc", "a.container", good)
        var output = ""
        let status = GeneratorCommand.run(
            arguments: ["g", "--dry-run"], environment: ["SWCTL_DEFINITIONS_PATH": scratch.path("etc")],
            standardOutput: { output += $0 })
        #expect(status == 0)
        #expect(output.hasPrefix("# /run/systemd/generator/ctr@a.service.d/50-swctl.conf\n"))
    }
}
