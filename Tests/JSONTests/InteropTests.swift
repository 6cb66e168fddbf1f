import JSON
import TestSupport
import Testing

/// Interoperability with Foundation's coders. The fixtures were produced once
/// by a program linking Foundation: `foundation-sample.json` is
/// Foundation's `JSONEncoder` output ([.sortedKeys, .prettyPrinted]) of
/// `expected`, and `ours-sample.json` is this module's output of the same
/// value, which Foundation's `JSONDecoder` decoded back to `expected`.
private struct Sample: Codable, Equatable {
    var name: String
    var escapes: String
    var emoji: String
    var int: Int64
    var big: UInt64
    var neg: Int32
    var double: Double
    var tiny: Double
    var flag: Bool
    var opt: String?
    var list: [UInt8]
    var nested: [String: [Int]]
}

private let expected = Sample(
    name: "web/1", escapes: "q\"b\\n\n\t\u{01}\u{1F}x", emoji: "é😀\u{2028}", int: Int64.min,
    big: UInt64.max, neg: -5, double: 3.14159, tiny: 1e-300, flag: true, opt: nil, list: [1, 2, 255],
    nested: ["a": [1], "b": []])

@Suite struct InteropTests {
    @Test func decodesFoundationOutput() throws {
        let bytes = fixture("foundation-sample.json")
        #expect(!bytes.isEmpty)
        #expect(try JSONDecoder().decode(Sample.self, from: bytes) == expected)
    }

    @Test func writesWhatFoundationWasShownToRead() throws {
        let ours = try JSONEncoder(outputFormatting: [.prettyPrinted, .sortedKeys]).encode(expected)
        #expect(ours == fixture("ours-sample.json"))
    }
}
