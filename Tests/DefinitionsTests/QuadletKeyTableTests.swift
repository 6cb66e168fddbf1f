import Glibc
import Testing

@testable import Definitions

/// Every key of Quadlet's own table (a copy in Fixtures/) gets an answer:
/// it is implemented, or refused with a reason. A key missing from swctl
/// fails here.
@Suite struct QuadletKeyTableTests {
    static let fixture = String(#filePath.split(separator: "/").dropLast().joined(separator: "/"))
    static let tablePath = "/" + fixture + "/Fixtures/quadlet-container-keys.md"

    /// `(key, example value)` of each `| Key=value | … |` row, with the
    /// man page's markdown escapes (`\.`, `\:`) undone.
    static func rows() throws -> [(key: String, value: String)] {
        let text = try readFixture(tablePath)
        return text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("| "), let equals = line.firstIndex(of: "=") else { return nil }
            let cell = line.dropFirst(2).prefix { $0 != "|" }.trimmingSpaces()
            let key = String(line[line.index(line.startIndex, offsetBy: 2)..<equals])
            guard !key.contains("*") else { return nil }
            let value = cell.dropFirst(key.count + 1).replacingEscapes()
            return (key, value)
        }
    }

    @Test func theFixtureHasTheWholeTable() throws {
        let keys = try Self.rows().map(\.key)
        #expect(keys.count == 91)  // 86 in the table, 5 deprecated
        #expect(keys.first == "AddCapability")
        #expect(keys.contains("WorkingDir") && keys.contains("RemapUidSize"))
    }

    @Test func everyQuadletKeyIsImplementedOrRefusedWithAReason() throws {
        var unanswered: [String] = []
        for (key, value) in try Self.rows() {
            guard ContainerKeys.byName[key] != nil else {
                unanswered.append(key)
                continue
            }
            // The table's own example: accepted, or refused with a reason.
            let result = parseContainer("\(key)=\(value)")
            for diagnostic in result.diagnostics where diagnostic.severity == .error {
                let message = diagnostic.message
                #expect(message.hasPrefix("\(key): "), "\(message)")
                #expect(message.contains(" ("), "a refusal says why or what to do instead: \(message)")
                #expect(
                    !message.contains("unknown key") && !message.contains("not supported by swctl yet"), "\(message)")
            }
        }
        #expect(unanswered == [], "implement these keys, or refuse them with a reason")
    }
}

/// The text of a fixture file, read without Foundation.
func readFixture(_ path: String) throws -> String {
    guard let file = fopen(path, "r") else { throw FixtureError(path: path) }
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

struct FixtureError: Error { let path: String }

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var result = self
        while result.last == " " { result = result.dropLast() }
        while result.first == " " { result = result.dropFirst() }
        return result
    }

    fileprivate func replacingEscapes() -> String {
        var result = ""
        var escaped = false
        for character in self {
            if character == "\\" && !escaped {
                escaped = true
                continue
            }
            escaped = false
            result.append(character)
        }
        return result
    }
}
