import JSON
import Testing

@Suite struct ParserTests {
    @Test(arguments: [
        ("null", JSONValue.null),
        ("true", .bool(true)),
        (" false ", .bool(false)),
        ("0", .int(0)),
        ("-0", .int(0)),
        ("42", .int(42)),
        ("-9223372036854775808", .int(Int64.min)),
        ("9223372036854775807", .int(Int64.max)),
        ("9223372036854775808", .uint(9_223_372_036_854_775_808)),
        ("18446744073709551615", .uint(UInt64.max)),
        ("18446744073709551616", .double(18_446_744_073_709_551_616)),
        ("-9223372036854775809", .double(-9_223_372_036_854_775_808)),
        ("1.5", .double(1.5)),
        ("-2.5e3", .double(-2500)),
        ("1E-2", .double(0.01)),
        ("1e+2", .double(100)),
        ("\"\"", .string("")),
        ("[]", .array([])),
        ("{}", .object(JSONObject())),
        ("[1,[2,[]]]", .array([.int(1), .array([.int(2), .array([])])])),
    ])
    func parsesScalarsAndContainers(text: String, expected: JSONValue) throws {
        #expect(try JSONValue(parsing: text) == expected)
    }

    @Test(arguments: [
        (#""a\"b\\c\/d""#, "a\"b\\c/d"),
        (#""\b\f\n\r\t""#, "\u{08}\u{0C}\n\r\t"),
        (#""\u0041\u00e9\u4e2d""#, "Aé中"),
        (#""\ud83d\ude00""#, "😀"),
        (#""\uD834\uDD1E""#, "𝄞"),
        ("\"é中😀\"", "é中😀"),
        (#""\u0000""#, "\u{0}"),
    ])
    func decodesStringEscapesAndUTF8(text: String, expected: String) throws {
        #expect(try JSONValue(parsing: text) == .string(expected))
    }

    @Test(arguments: [
        ("", "line 1, column 1: unexpected end of input"),
        ("[1,]", "line 1, column 4: unexpected character ']'"),
        ("{\"a\":1,}", "line 1, column 8: expected a string key"),
        ("{\"a\" 1}", "line 1, column 6: expected ':' after key"),
        ("[1 2]", "line 1, column 4: expected ',' or ']' in array"),
        ("01", "line 1, column 1: leading zero in number"),
        ("1.", "line 1, column 3: expected a digit after '.'"),
        ("1e", "line 1, column 3: expected a digit in exponent"),
        ("-", "line 1, column 2: expected a digit"),
        ("+1", "line 1, column 1: unexpected character '+'"),
        (".5", "line 1, column 1: unexpected character '.'"),
        ("tru", "line 1, column 1: invalid literal"),
        ("nul", "line 1, column 1: invalid literal"),
        ("\"abc", "line 1, column 1: unterminated string"),
        ("\"a\nb\"", "line 1, column 3: control character in string"),
        (#""\x""#, #"line 1, column 3: invalid escape '\x'"#),
        (#""\u12G4""#, #"line 1, column 6: invalid hex digit in \u escape"#),
        (#""\ud800""#, #"line 1, column 8: lone high surrogate in \u escape"#),
        (#""\ud800\u0041""#, "line 1, column 14: high surrogate not followed by a low surrogate"),
        (#""\udc00""#, #"line 1, column 8: lone low surrogate in \u escape"#),
        ("1 2", "line 1, column 3: unexpected data after the value"),
        ("// c\n1", "line 1, column 1: unexpected character '/'"),
        ("{\n  \"a\": [1,\n  }", "line 3, column 3: unexpected character '}'"),
        ("1e400", "line 1, column 1: number 1e400 is out of range"),
    ])
    func rejectsInvalidTextWithPosition(text: String, message: String) {
        #expect {
            try JSONValue(parsing: text)
        } throws: { error in
            (error as? JSONError)?.description == message
        }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONError.self) { try JSONValue(parsing: [0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONError.self) { try JSONValue(parsing: [0x22, 0xED, 0xA0, 0x80, 0x22]) }
    }

    @Test func limitsNestingDepth() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONError.self) { try JSONValue(parsing: deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        _ = try JSONValue(parsing: fine)
    }

    @Test func keepsKeyOrderAndLastDuplicateWins() throws {
        let value = try JSONValue(parsing: #"{"b":1,"a":2,"b":3}"#)
        guard case .object(let object) = value else {
            Issue.record("not an object")
            return
        }
        #expect(object.keys == ["b", "a"])
        #expect(object["b"] == .int(3))
        #expect(value["a"] == .int(2))
    }
}
