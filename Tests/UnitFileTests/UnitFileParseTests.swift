import Testing

@testable import UnitFile

private func parse(_ text: String) -> UnitFile.ParseResult {
    UnitFile.parse(text, file: "/defs/web.container")
}

private func entries(_ text: String, in section: String = "Service") -> [UnitFile.Entry] {
    parse(text).unitFile.entries(in: section)
}

@Suite struct UnitFileParseTests {
    @Test func sectionsAndEntriesKeepTheirLines() {
        let result = parse("[Unit]\nDescription=Web\n\n[Service]\nRestart=always\n")
        #expect(result.diagnostics.isEmpty)
        #expect(
            result.unitFile.sections == [
                UnitFile.Section(name: "Unit", line: 1, entries: [.init(key: "Description", value: "Web", line: 2)]),
                UnitFile.Section(name: "Service", line: 4, entries: [.init(key: "Restart", value: "always", line: 5)]),
            ])
    }

    @Test func whitespaceAroundKeysValuesAndHeadersIsStripped() {
        let result = parse("  [Service]  \n\t Restart \t=  on-failure  \r\nUser=  a b  \n")
        #expect(result.diagnostics.isEmpty)
        #expect(
            result.unitFile.entries(in: "Service") == [
                .init(key: "Restart", value: "on-failure", line: 2), .init(key: "User", value: "a b", line: 3),
            ])
    }

    @Test func keysAreCaseSensitive() {
        let file = parse("[Service]\nrestart=no\nRestart=always\n").unitFile
        #expect(file.lastEntry("Restart", in: "Service")?.value == "always")
        #expect(file.lastEntry("restart", in: "Service")?.value == "no")
    }

    @Test(arguments: ["#", ";", "  #", "\t;"])
    func commentLinesAreSkipped(prefix: String) {
        #expect(entries("[Service]\n\(prefix) Restart=no\nUser=app\n") == [.init(key: "User", value: "app", line: 3)])
    }

    @Test func aHashInsideAValueIsPartOfIt() {
        #expect(entries("[Service]\nEnvironment=A=1 # not a comment\n").first?.value == "A=1 # not a comment")
    }

    @Test func continuationJoinsLinesReplacingTheBackslashWithASpace() {
        let result = entries("[Service]\nExecStartPost=/bin/echo \\\n  one \\\ntwo\nUser=app\n")
        #expect(
            result == [
                .init(key: "ExecStartPost", value: "/bin/echo    one  two", line: 2),
                .init(key: "User", value: "app", line: 5),
            ])
    }

    @Test func commentLinesInsideAContinuationAreSkipped() {
        let result = entries("[Service]\nExecStartPost=/bin/echo \\\n# a comment \\\n; another\n  one\n")
        #expect(result == [.init(key: "ExecStartPost", value: "/bin/echo    one", line: 2)])
    }

    @Test func anEscapedBackslashAtTheEndIsNotAContinuation() {
        let result = entries("[Service]\nA=x\\\\\nB=y\n")
        #expect(result == [.init(key: "A", value: "x\\\\", line: 2), .init(key: "B", value: "y", line: 3)])
    }

    @Test func aContinuationAtTheEndOfTheFileEndsThere() {
        #expect(entries("[Service]\nA=x \\") == [.init(key: "A", value: "x", line: 2)])
    }

    @Test func aBlankLineEndsAContinuation() {
        #expect(
            entries("[Service]\nA=x \\\n\nB=y\n") == [
                .init(key: "A", value: "x", line: 2), .init(key: "B", value: "y", line: 4),
            ])
    }

    @Test func repeatedKeysAccumulateAndAnEmptyAssignmentResetsTheList() {
        let file = parse("[Unit]\nAfter=a.service\nAfter=b.service\nAfter=\nAfter=c.service\nAfter=d.service\n")
            .unitFile
        #expect(file.listEntries("After", in: "Unit").map(\.value) == ["c.service", "d.service"])
        #expect(file.listEntries("After", in: "Unit").map(\.line) == [5, 6])
        #expect(file.lastEntry("After", in: "Unit")?.value == "d.service")
        #expect(file.entries(in: "Unit").count == 5)
    }

    @Test func repeatedSectionsMerge() {
        let file = parse("[Service]\nA=1\n[Unit]\nB=2\n[Service]\nC=3\n").unitFile
        #expect(file.entries(in: "Service").map(\.key) == ["A", "C"])
        #expect(file.sectionNames == ["Service", "Unit"])
        #expect(file.section("Service")?.line == 1)
    }

    @Test func aByteOrderMarkAndCRLFLineEndsAreAccepted() {
        let result = parse("\u{FEFF}[Service]\r\nA=1\r\n")
        #expect(result.diagnostics.isEmpty)
        #expect(result.unitFile.entries(in: "Service") == [.init(key: "A", value: "1", line: 2)])
    }

    @Test func equalsSignsAfterTheFirstBelongToTheValue() {
        #expect(entries("[Service]\nEnvironment=A=1 B=2\n").first?.value == "A=1 B=2")
    }

    @Test(arguments: [
        ("[Service]\nRestart\n", "/defs/web.container:2: 'Restart' is not a Key=value assignment (missing '=')"),
        ("[Service]\n=value\n", "/defs/web.container:2: '=value' has no key before '=' (use Key=value)"),
        (
            "Restart=no\n[Service]\n",
            "/defs/web.container:1: Restart: assignment outside of any section (put a [Section] header above it)"
        ),
        ("[Service\nA=1\n", "/defs/web.container:1: '[Service' is not a section header (use [Name] alone on the line)"),
        ("[]\n", "/defs/web.container:1: '[]' is not a section header (use [Name] alone on the line)"),
        (
            "[Ser\"vice]\n",
            "/defs/web.container:1: '[Ser\"vice]' is not a section header (use [Name] alone on the line)"
        ),
    ])
    func malformedLinesAreReportedWithTheirLine(text: String, message: String) {
        let result = parse(text)
        #expect(result.diagnostics.map(\.description) == [message])
        #expect(result.diagnostics.allSatisfy { $0.severity == .error })
    }

    @Test func entriesAfterABadHeaderAreDroppedWithoutMoreDiagnostics() {
        let result = parse("[Bad\nA=1\nB=2\n[Service]\nC=3\n")
        #expect(result.diagnostics.count == 1)
        #expect(result.unitFile.sections.map(\.name) == ["Service"])
    }

    @Test func theParserKeepsGoingAfterABadLine() {
        let result = parse("[Service]\nbroken\nA=1\n")
        #expect(result.diagnostics.count == 1)
        #expect(result.unitFile.entries(in: "Service") == [.init(key: "A", value: "1", line: 3)])
    }
}
