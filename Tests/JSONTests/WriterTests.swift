import JSON
import Testing

@Suite struct WriterTests {
    @Test(arguments: [
        (JSONValue.null, "null"),
        (.bool(false), "false"),
        (.int(-12), "-12"),
        (.uint(UInt64.max), "18446744073709551615"),
        (.double(1.5), "1.5"),
        (.double(2), "2"),
        (.double(1e-7), "1e-07"),
        (.double(1e300), "1e+300"),
        (.string("a\"b\\c/d\n\t\u{1}\u{1F}é😀"), #""a\"b\\c/d\n\t\u0001\u001fé😀""#),
        (.array([]), "[]"),
        (.object(JSONObject()), "{}"),
        (.object(JSONObject([("z", .int(1)), ("a", .array([.null]))])), #"{"z":1,"a":[null]}"#),
    ])
    func writesCompactText(value: JSONValue, text: String) throws {
        #expect(try value.serializedString() == text)
    }

    @Test func prettyPrintsWithSortedKeys() throws {
        let value = JSONValue.object(
            JSONObject([("b", .array([.int(1), .int(2)])), ("a", .object(JSONObject())), ("c", .array([]))]))
        let expected = """
            {
              "a": {},
              "b": [
                1,
                2
              ],
              "c": []
            }
            """
        #expect(try value.serializedString([.prettyPrinted, .sortedKeys]) == expected)
    }

    @Test func rejectsNonFiniteNumbers() {
        #expect(throws: JSONError.invalidNumber("nan")) { try JSONValue.double(.nan).serialized() }
        #expect(throws: JSONError.self) { try JSONValue.double(-.infinity).serialized() }
    }

    @Test(arguments: [
        #"{"a":[1,-2,3.25,"x\u0000y",true,false,null,{"b":{}}],"c":"😀"}"#,
        #"[18446744073709551615,-9223372036854775808,1e-300,0.1]"#,
        #""\u2028 line separator stays raw""#,
    ])
    func roundTripsThroughText(text: String) throws {
        let value = try JSONValue(parsing: text)
        let again = try JSONValue(parsing: try value.serialized())
        #expect(again == value)
        let pretty = try JSONValue(parsing: try value.serialized([.prettyPrinted]))
        #expect(pretty == value)
    }

    @Test func doublesRoundTripExactly() throws {
        for number in [0.1, 1.0 / 3.0, 123_456.789e-20, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude] {
            let text = try JSONValue.double(number).serializedString()
            #expect(try JSONValue(parsing: text) == .double(number), "\(text)")
        }
    }
}
