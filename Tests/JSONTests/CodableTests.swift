import JSON
import Testing

private struct Inner: Codable, Equatable {
    var tags: [String]
    var ratio: Float
}

private enum Mode: String, Codable {
    case fast, slow
}

private struct Outer: Codable, Equatable {
    var id: String
    var count: UInt32
    var offset: Int8
    var large: UInt64
    var flag: Bool
    var missing: String?
    var present: Int?
    var mode: Mode
    var inner: Inner
    var matrix: [[Int]]
    var table: [String: Inner]
    var optionals: [Int?]
}

private let sample = Outer(
    id: "ctr", count: 7, offset: -3, large: UInt64.max, flag: true, missing: nil, present: 5,
    mode: .slow, inner: Inner(tags: ["a", "b"], ratio: 0.5), matrix: [[1, 2], []],
    table: ["x": Inner(tags: [], ratio: 2)], optionals: [1, nil, 3])

@Suite struct CodableTests {
    @Test func encodesInDeclarationOrderAndOmitsNil() throws {
        let text = try JSONEncoder().encodeToString(sample)
        #expect(
            text
                == #"{"id":"ctr","count":7,"offset":-3,"large":18446744073709551615,"flag":true,"present":5,"#
                + #""mode":"slow","inner":{"tags":["a","b"],"ratio":0.5},"matrix":[[1,2],[]],"#
                + #""table":{"x":{"tags":[],"ratio":2}},"optionals":[1,null,3]}"#)
    }

    @Test func roundTripsNestedValues() throws {
        let bytes = try JSONEncoder(outputFormatting: [.prettyPrinted, .sortedKeys]).encode(sample)
        #expect(try JSONDecoder().decode(Outer.self, from: bytes) == sample)
    }

    @Test func decodingReportsTheKeyPath() {
        let text = #"{"id":"c","count":-1}"#
        #expect {
            try JSONDecoder().decode(Outer.self, from: text)
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["count"]
        }
    }

    @Test func missingRequiredKeyIsKeyNotFound() {
        #expect {
            try JSONDecoder().decode(Inner.self, from: #"{"tags":[]}"#)
        } throws: { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return false }
            return key.stringValue == "ratio"
        }
    }

    @Test func typeMismatchIsReported() {
        #expect {
            try JSONDecoder().decode(Inner.self, from: #"{"tags":"a","ratio":1}"#)
        } throws: { error in
            guard case DecodingError.typeMismatch = error else { return false }
            return true
        }
    }

    @Test func numbersConvertOnlyWhenExact() throws {
        #expect(try JSONDecoder().decode(Int.self, from: "3.0") == 3)
        #expect(try JSONDecoder().decode(Double.self, from: "3") == 3.0)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Int.self, from: "3.5") }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(UInt8.self, from: "256") }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Bool.self, from: "1") }
    }

    @Test func encodingNaNFails() {
        #expect(throws: EncodingError.self) { try JSONEncoder().encode([Double.nan]) }
    }

    @Test func jsonValuePassesThroughUnchanged() throws {
        let text = #"{"z":18446744073709551615,"a":[1.5,null,{"k":"v"}]}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: text)
        #expect(try JSONEncoder().encodeToString(value) == text)
    }

    @Test func topLevelScalarsAndArrays() throws {
        #expect(try JSONEncoder().encodeToString("x") == #""x""#)
        #expect(try JSONEncoder().encodeToString([1, 2]) == "[1,2]")
        #expect(try JSONDecoder().decode([String].self, from: #"["a"]"#) == ["a"])
    }
}
