import Definitions
import Generator
import Syscalls
import Testing
import UnitFile

/// Golden fixtures: each `Fixtures/*.container` carries its expectations
/// in `## assert-…` comment lines, and the harness runs every file in the
/// directory, so adding a case is adding a file.
///
/// - `## assert-error LINE: MESSAGE`, `## assert-warning LINE: MESSAGE`:
///   the file's errors and warnings, all of them, exactly; a fixture named
///   `*.error.container` must have errors and generate nothing.
/// - `## assert-key SECTION KEY VALUE`: the drop-in's last KEY= in SECTION.
/// - `## assert-key-count SECTION KEY N`, `## assert-no-key SECTION KEY`,
///   `## assert-no-section SECTION`.
/// - `## assert-order SECTION KEY…`: the keys of SECTION, in order.
/// - `## assert-line TEXT`: a line of the drop-in, exactly.
/// - `## assert-symlink PATH [TARGET]`: a link (to the template by default).
/// - `## assert-symlink-count N`.
///
/// `FIXTURES` in an assertion stands for the fixture directory.
private let fixturesDirectory = FileSystem.parentDirectory(of: #filePath) + "/Fixtures"
private let templatePath = "/usr/lib/systemd/system/ctr@.service"

private func fixtureNames() -> [String] {
    let entries = (try? FileSystem.listDirectory(fixturesDirectory)) ?? []
    return entries.map(\.name).filter { $0.hasSuffix(".container") }.sorted()
}

private struct Assertion {
    var kind: String
    var arguments: String

    var words: [String] { arguments.split(separator: " ").map(String.init) }

    /// The first `count` words, then the rest of the line as one argument.
    func split(_ count: Int) -> [String] {
        arguments.split(separator: " ", maxSplits: count, omittingEmptySubsequences: false).map(String.init)
    }
}

private func assertions(in text: String) -> [Assertion] {
    text.split(separator: "\n").compactMap { line in
        guard line.hasPrefix("## assert-") else { return nil }
        let body = line.dropFirst(3)
        let space = body.firstIndex(of: " ") ?? body.endIndex
        let arguments = space == body.endIndex ? "" : String(body[body.index(after: space)...])
        return Assertion(
            kind: String(body[..<space]),
            arguments: arguments.replacing("FIXTURES", with: fixturesDirectory))
    }
}

@Suite struct FixtureTests {
    @Test func theFixtureDirectoryHasGoodAndBadDefinitions() {
        let names = fixtureNames()
        #expect(names.filter { $0.hasSuffix(".error.container") }.count >= 5)
        #expect(names.filter { !$0.hasSuffix(".error.container") }.count >= 5)
    }

    @Test(arguments: fixtureNames())
    func fixture(_ name: String) throws {
        let path = fixturesDirectory + "/" + name
        let text = try FileSystem.readTextFile(path)
        let expected = assertions(in: text)
        #expect(!expected.isEmpty, "a fixture without assertions tests nothing")

        let result = ContainerDefinition.parse(text: text, path: path)
        let asserted = { (kind: String) in expected.filter { $0.kind == kind }.map(\.arguments).sorted() }
        #expect(result.errors.map { "\($0.line): \($0.message)" }.sorted() == asserted("assert-error"))
        #expect(result.warnings.map { "\($0.line): \($0.message)" }.sorted() == asserted("assert-warning"))

        if name.hasSuffix(".error.container") {
            #expect(!result.errors.isEmpty)
            #expect(result.definition == nil)
            return
        }
        let definition = try #require(result.definition)
        let files = Generator(templatePath: templatePath).files(for: definition)
        let dropInText = try #require(files.first { $0.path == ContainerDropIn.path(for: definition) }?.text)
        let dropIn = UnitFile.parse(dropInText, file: "drop-in")
        #expect(dropIn.diagnostics.isEmpty)
        let lines = dropInText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let links = files.filter { $0.symlinkTarget != nil }

        for assertion in expected {
            let word = assertion.words
            switch assertion.kind {
            case "assert-error", "assert-warning":
                continue
            case "assert-key":
                let parts = assertion.split(2)
                #expect(
                    dropIn.unitFile.lastEntry(parts[1], in: parts[0])?.value == parts[2],
                    "\(assertion.kind) \(assertion.arguments)")
            case "assert-key-count":
                #expect(
                    dropIn.unitFile.entries(in: word[0]).filter { $0.key == word[1] }.count == Int(word[2]),
                    "\(assertion.kind) \(assertion.arguments)")
            case "assert-no-key":
                #expect(
                    dropIn.unitFile.lastEntry(word[1], in: word[0]) == nil, "\(assertion.kind) \(assertion.arguments)")
            case "assert-no-section":
                #expect(dropIn.unitFile.section(word[0]) == nil, "\(assertion.kind) \(assertion.arguments)")
            case "assert-order":
                #expect(
                    dropIn.unitFile.entries(in: word[0]).map(\.key) == Array(word.dropFirst()),
                    "\(assertion.kind) \(assertion.arguments)")
            case "assert-line":
                #expect(lines.contains(assertion.arguments), "\(assertion.kind) \(assertion.arguments)")
            case "assert-symlink":
                let target = word.count > 1 ? word[1] : templatePath
                #expect(
                    links.contains(GeneratedFile(path: word[0], content: .symlink(target))),
                    "\(assertion.kind) \(assertion.arguments)")
            case "assert-symlink-count":
                #expect(links.count == Int(word[0]), "\(assertion.kind) \(assertion.arguments)")
            default:
                Issue.record("\(name): unknown assertion \(assertion.kind)")
            }
        }
    }
}
