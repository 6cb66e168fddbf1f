import Glibc
import Testing

@testable import UnitFile

/// The repository's own template unit, a real unit file with comments,
/// specifiers and long values.
private func templateUnitText() throws -> String {
    let root = String(#filePath).split(separator: "/").dropLast(3).joined(separator: "/")
    let path = "/" + root + "/units/ctr@.service.in"
    return try #require(readText(path), "cannot read \(path)")
}

/// The test reads the file itself: the target under test has no I/O.
private func readText(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count == 0 { break }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

@Suite struct UnitFileWriteTests {
    @Test func writesSectionsAndEntriesInOrder() {
        var file = UnitFile()
        file.append("Description", "Web", to: "Unit")
        file.append("MemoryMax", "536870912", to: "Service")
        file.append("After", "db.service", to: "Unit")
        #expect(
            file.write(comments: ["Generated from web.container."])
                == "# Generated from web.container.\n\n[Unit]\nDescription=Web\nAfter=db.service\n\n[Service]\nMemoryMax=536870912\n"
        )
    }

    @Test func writingAParsedFileAndParsingItAgainGivesTheSameEntries() throws {
        let text = """
            # comment
            [Unit]
            Description=A unit with %i and \\\\ and "quotes"
            After=a.service \\
              b.service
            After=

            [Service]
            ExecStart=/bin/sh -c 'echo "hi there"'
            Environment=A=1 \\
            ; comment in a continuation
                B=2
            [Install]
            WantedBy=multi-user.target
            """
        let first = UnitFile.parse(text, file: "a")
        #expect(first.diagnostics.isEmpty)
        let second = UnitFile.parse(first.unitFile.write(), file: "b")
        #expect(second.diagnostics.isEmpty)
        #expect(strippingLines(second.unitFile) == strippingLines(first.unitFile))
    }

    @Test func theTemplateUnitRoundTrips() throws {
        let first = UnitFile.parse(try templateUnitText(), file: "ctr@.service.in")
        #expect(first.diagnostics.isEmpty)
        #expect(first.unitFile.lastEntry("Type", in: "Service")?.value == "notify")
        let second = UnitFile.parse(first.unitFile.write(), file: "again")
        #expect(strippingLines(second.unitFile) == strippingLines(first.unitFile))
    }

    private func strippingLines(_ file: UnitFile) -> [[String]] {
        file.sections.map { section in [section.name] + section.entries.map { "\($0.key)=\($0.value)" } }
    }
}
