import Definitions
import Engine
import Generator
import Syscalls
import Testing
import UnitFile

/// Quadlet files of the kinds public documentation shows (a web server, a
/// database with a volume, a secret and a health check, an application that
/// depends on it over a shared network, a hardened proxy, a template, host
/// networking with a device, a pre-pulled image, a pod file), written for
/// Podman, dropped into one directory and run through the generator as
/// systemd would run it. Each file carries what must come out of it:
///
/// - `## expect FILE: LINE`: a line of the generated FILE (relative to the
///   output directory); `CORPUS` stands for the corpus directory.
/// - `## expect-link PATH`: a link the generator makes.
/// - `## expect-warning LINE: MESSAGE`, `## expect-error LINE: MESSAGE`: the
///   file's diagnostics, all of them, exactly.
private let corpusDirectory = FileSystem.parentDirectory(of: #filePath) + "/Fixtures/quadlet-corpus"

struct CorpusExpectation {
    var file: String
    var kind: String
    var argument: String
}

private func expectations() throws -> [CorpusExpectation] {
    try FileSystem.listDirectory(corpusDirectory).filter { $0.kind == .regular }.flatMap { entry in
        let text = try FileSystem.readTextFile(corpusDirectory + "/" + entry.name)
        return text.split(separator: "\n").compactMap { line -> CorpusExpectation? in
            guard line.hasPrefix("## expect") else { return nil }
            let body = line.dropFirst(3)
            let space = body.firstIndex(of: " ") ?? body.endIndex
            let argument = space == body.endIndex ? "" : String(body[body.index(after: space)...])
            return CorpusExpectation(
                file: entry.name, kind: String(body[..<space]),
                argument: argument.replacing("CORPUS", with: corpusDirectory))
        }
    }
}

@Suite struct QuadletCorpusTests {
    let report: GeneratorReport
    let expected: [CorpusExpectation]

    init() throws {
        report = try runGenerator(searchPath: [corpusDirectory], outputDir: "/run/systemd/generator", dryRun: true)
        expected = try expectations()
    }

    @Test func everyContainerFileButThePodOneBecomesAUnit() {
        #expect(
            report.containers.sorted() == [
                "caddy", "echo@one", "echo@two", "homeassistant", "mariadb", "nginx", "notify", "toolbox", "wiki",
            ])
        #expect(report.skipped.map { FileSystem.baseName(of: $0) } == ["immich.container"])
        #expect(expected.count >= 30, "the corpus checks what it converts")
    }

    @Test func theDiagnosticsAreExactlyTheExpectedOnes() {
        for severity in [Diagnostic.Severity.warning, .error] {
            let kind = severity == .error ? "expect-error" : "expect-warning"
            let actual = report.diagnostics.filter { $0.severity == severity }.map {
                "\(FileSystem.baseName(of: $0.file)) \($0.line): \($0.message)"
            }.sorted()
            let wanted = expected.filter { $0.kind == kind }.map { "\($0.file) \($0.argument)" }.sorted()
            #expect(actual == wanted)
        }
    }

    @Test func everyExpectedLineIsInTheGeneratedFile() {
        for expectation in expected where expectation.kind == "expect" {
            guard let colon = expectation.argument.firstRange(of: ": ") else {
                Issue.record("\(expectation.file): '\(expectation.argument)' is not FILE: LINE")
                continue
            }
            let path = String(expectation.argument[..<colon.lowerBound])
            let line = String(expectation.argument[colon.upperBound...])
            let text = report.files.first { $0.path == path }?.text
            #expect(text != nil, "\(expectation.file): no generated \(path)")
            let lines = (text ?? "").split(separator: "\n").map(String.init)
            #expect(lines.contains(line), "\(expectation.file): \(path) has no line '\(line)'")
        }
    }

    @Test func everyExpectedLinkIsMade() {
        let links = Set(report.files.filter { $0.symlinkTarget != nil }.map(\.path))
        for expectation in expected where expectation.kind == "expect-link" {
            #expect(links.contains(expectation.argument), "\(expectation.file): no link \(expectation.argument)")
        }
    }

    @Test func everyGeneratedUnitFileParsesCleanly() throws {
        for file in report.files {
            guard let text = file.text else { continue }
            #expect(UnitFile.parse(text, file: file.path).diagnostics.isEmpty, "\(file.path)")
        }
    }

    @Test func theTemplateResolvesTheInstanceInsideTheContainer() throws {
        let store = DefinitionStore(searchPath: [corpusDirectory])
        for instance in ["one", "two"] {
            let definition = try #require(try store.load(name: "echo@\(instance)").definition)
            #expect(definition.exec == ["/bin/sh", "-c", "echo instance \(instance); sleep infinity"])
            #expect(definition.environment.contains(EnvironmentVariable(name: "INSTANCE", value: instance)))
        }
    }

    @Test func theAdminsDropInIsMergedIntoTheVendorsDefinition() throws {
        let definition = try #require(try DefinitionStore(searchPath: [corpusDirectory]).load(name: "nginx").definition)
        #expect(definition.publishPorts.count == 2)
        #expect(definition.resources.memoryBytes == 512 * 1024 * 1024)
    }
}
