/// A JSON document as a value (RFC 8259).
///
/// Numbers keep their lexical kind: integers that fit are `.int`, larger
/// non-negative integers `.uint`, everything with a fraction or exponent
/// (or out of integer range) `.double`. Objects keep their key order.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// A JSON object: string keys in document (or encoding) order, unique.
///
/// Equality ignores order, as JSON objects are unordered; a duplicate key
/// while parsing replaces the earlier value in place.
public struct JSONObject: Equatable, Sendable, Sequence {
    /// Keys in order of first appearance.
    public private(set) var keys: [String] = []
    private var values: [String: JSONValue] = [:]

    public init() {}

    /// Builds an object from pairs; a repeated key keeps its first position and last value.
    public init(_ pairs: [(String, JSONValue)]) {
        for (key, value) in pairs { self[key] = value }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public subscript(key: String) -> JSONValue? {
        get { values[key] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    public func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        var index = 0
        let keys = self.keys
        let values = self.values
        return AnyIterator { () -> (key: String, value: JSONValue)? in
            guard index < keys.count else { return nil }
            defer { index += 1 }
            let key = keys[index]
            return (key, values[key] ?? .null)
        }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.values == rhs.values
    }
}

extension JSONValue {
    /// Parses a UTF-8 JSON text.
    public init(parsing bytes: some Collection<UInt8>) throws(JSONError) {
        self = try JSONParser.parse(Array(bytes))
    }

    /// Parses a JSON text.
    public init(parsing text: String) throws(JSONError) {
        self = try JSONParser.parse(Array(text.utf8))
    }

    /// The UTF-8 serialization of this value.
    public func serialized(_ options: JSONWriteOptions = []) throws(JSONError) -> [UInt8] {
        var writer = JSONWriter(options: options)
        try writer.write(self)
        return writer.bytes
    }

    /// The serialization of this value as a string.
    public func serializedString(_ options: JSONWriteOptions = []) throws(JSONError) -> String {
        String(decoding: try serialized(options), as: UTF8.self)
    }

    /// The member `key` of an object, nil for other kinds.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The element at `index` of an array, nil for other kinds or out of range.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return nil
    }

    /// The string payload, if this is a string.
    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }
}

extension JSONValue: CustomStringConvertible {
    public var description: String {
        (try? serializedString()) ?? "<unserializable: non-finite number>"
    }
}

/// Serialization options.
public struct JSONWriteOptions: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Newlines and two-space indentation.
    public static let prettyPrinted = JSONWriteOptions(rawValue: 1 << 0)
    /// Object keys in lexicographic order (stable output regardless of encoding order).
    public static let sortedKeys = JSONWriteOptions(rawValue: 1 << 1)
}
