/// Encodes `Encodable` values as JSON text, without Foundation.
///
/// Keys come out in encoding order (declaration order for synthesized
/// conformances) unless `.sortedKeys` is set; `nil` optionals encoded with
/// `encodeIfPresent` are omitted, as Foundation does.
public struct JSONEncoder: Sendable {
    /// Output layout; `[.prettyPrinted, .sortedKeys]` gives stable, diffable files.
    public var outputFormatting: JSONWriteOptions

    public init(outputFormatting: JSONWriteOptions = []) {
        self.outputFormatting = outputFormatting
    }

    /// Encodes `value` as UTF-8 JSON text.
    public func encode(_ value: some Encodable) throws -> [UInt8] {
        try encodeToValue(value).serialized(outputFormatting)
    }

    /// Encodes `value` as JSON text.
    public func encodeToString(_ value: some Encodable) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    /// Encodes `value` as a document tree.
    public func encodeToValue(_ value: some Encodable) throws -> JSONValue {
        let slot = try Slot.encoding(value, codingPath: [])
        return try slot.materialize()
    }
}

/// A node under construction; containers hand out references to their children
/// so nested containers and super encoders can keep writing after they return.
private final class Slot {
    enum Content {
        case empty
        case value(JSONValue)
        case array([Slot])
        case object(keys: [String], children: [String: Slot])
    }

    var content: Content = .empty

    init() {}
    init(_ value: JSONValue) { content = .value(value) }

    static func encoding(_ value: some Encodable, codingPath: [any CodingKey]) throws -> Slot {
        if let json = value as? JSONValue { return Slot(json) }
        if let number = value as? Double { return Slot(try checked(number, codingPath)) }
        if let number = value as? Float { return Slot(try checked(Double(number), codingPath)) }
        let slot = Slot()
        try value.encode(to: ValueEncoder(slot: slot, codingPath: codingPath))
        return slot
    }

    static func checked(_ number: Double, _ codingPath: [any CodingKey]) throws -> JSONValue {
        guard number.isFinite else {
            throw EncodingError.invalidValue(
                number, .init(codingPath: codingPath, debugDescription: "\(number) is not representable in JSON"))
        }
        return .double(number)
    }

    func materialize() throws -> JSONValue {
        switch content {
        case .empty: return .object(JSONObject())
        case .value(let value): return value
        case .array(let children): return .array(try children.map { try $0.materialize() })
        case .object(let keys, let children):
            var object = JSONObject()
            for key in keys {
                if let child = children[key] { object[key] = try child.materialize() }
            }
            return .object(object)
        }
    }

    func set(_ child: Slot, forKey key: String) {
        guard case .object(var keys, var children) = content else { return }
        content = .empty  // drop the reference so the dictionary is mutated in place
        if children.updateValue(child, forKey: key) == nil { keys.append(key) }
        content = .object(keys: keys, children: children)
    }

    func append(_ child: Slot) {
        guard case .array(var children) = content else { return }
        content = .empty
        children.append(child)
        content = .array(children)
    }

    var arrayCount: Int {
        if case .array(let children) = content { return children.count }
        return 0
    }
}

private struct ValueEncoder: Encoder {
    let slot: Slot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = slot.content {} else { slot.content = .object(keys: [], children: [:]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = slot.content {} else { slot.content = .array([]) }
        return UnkeyedContainer(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValue(slot: slot, codingPath: codingPath)
    }
}

private struct SingleValue: SingleValueEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]

    func put(_ value: JSONValue) { slot.content = .value(value) }

    func encodeNil() { put(.null) }
    func encode(_ value: Bool) { put(.bool(value)) }
    func encode(_ value: String) { put(.string(value)) }
    func encode(_ value: Double) throws { put(try Slot.checked(value, codingPath)) }
    func encode(_ value: Float) throws { put(try Slot.checked(Double(value), codingPath)) }
    func encode(_ value: Int) { put(.int(Int64(value))) }
    func encode(_ value: Int8) { put(.int(Int64(value))) }
    func encode(_ value: Int16) { put(.int(Int64(value))) }
    func encode(_ value: Int32) { put(.int(Int64(value))) }
    func encode(_ value: Int64) { put(.int(value)) }
    func encode(_ value: UInt) { put(unsigned(UInt64(value))) }
    func encode(_ value: UInt8) { put(.int(Int64(value))) }
    func encode(_ value: UInt16) { put(.int(Int64(value))) }
    func encode(_ value: UInt32) { put(.int(Int64(value))) }
    func encode(_ value: UInt64) { put(unsigned(value)) }
    func encode<T: Encodable>(_ value: T) throws {
        slot.content = try Slot.encoding(value, codingPath: codingPath).content
    }
}

private func unsigned(_ value: UInt64) -> JSONValue {
    value <= UInt64(Int64.max) ? .int(Int64(value)) : .uint(value)
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: Slot
    let codingPath: [any CodingKey]

    func put(_ value: JSONValue, _ key: Key) { slot.set(Slot(value), forKey: key.stringValue) }

    func encodeNil(forKey key: Key) { put(.null, key) }
    func encode(_ value: Bool, forKey key: Key) { put(.bool(value), key) }
    func encode(_ value: String, forKey key: Key) { put(.string(value), key) }
    func encode(_ value: Double, forKey key: Key) throws {
        put(try Slot.checked(value, codingPath + [key]), key)
    }
    func encode(_ value: Float, forKey key: Key) throws {
        put(try Slot.checked(Double(value), codingPath + [key]), key)
    }
    func encode(_ value: Int, forKey key: Key) { put(.int(Int64(value)), key) }
    func encode(_ value: Int8, forKey key: Key) { put(.int(Int64(value)), key) }
    func encode(_ value: Int16, forKey key: Key) { put(.int(Int64(value)), key) }
    func encode(_ value: Int32, forKey key: Key) { put(.int(Int64(value)), key) }
    func encode(_ value: Int64, forKey key: Key) { put(.int(value), key) }
    func encode(_ value: UInt, forKey key: Key) { put(unsigned(UInt64(value)), key) }
    func encode(_ value: UInt8, forKey key: Key) { put(.int(Int64(value)), key) }
    func encode(_ value: UInt16, forKey key: Key) { put(.int(Int64(value)), key) }
    func encode(_ value: UInt32, forKey key: Key) { put(.int(Int64(value)), key) }
    func encode(_ value: UInt64, forKey key: Key) { put(unsigned(value), key) }
    func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        slot.set(try Slot.encoding(value, codingPath: codingPath + [key]), forKey: key.stringValue)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = Slot()
        slot.set(child, forKey: key.stringValue)
        return ValueEncoder(slot: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = Slot()
        slot.set(child, forKey: key.stringValue)
        return ValueEncoder(slot: child, codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superEncoder() -> any Encoder {
        let child = Slot()
        slot.set(child, forKey: AnyKey.super.stringValue)
        return ValueEncoder(slot: child, codingPath: codingPath + [AnyKey.super])
    }

    func superEncoder(forKey key: Key) -> any Encoder {
        let child = Slot()
        slot.set(child, forKey: key.stringValue)
        return ValueEncoder(slot: child, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]
    var count: Int { slot.arrayCount }

    func put(_ value: JSONValue) { slot.append(Slot(value)) }
    var nextPath: [any CodingKey] { codingPath + [AnyKey(intValue: count)] }

    func encodeNil() { put(.null) }
    func encode(_ value: Bool) { put(.bool(value)) }
    func encode(_ value: String) { put(.string(value)) }
    func encode(_ value: Double) throws { put(try Slot.checked(value, nextPath)) }
    func encode(_ value: Float) throws { put(try Slot.checked(Double(value), nextPath)) }
    func encode(_ value: Int) { put(.int(Int64(value))) }
    func encode(_ value: Int8) { put(.int(Int64(value))) }
    func encode(_ value: Int16) { put(.int(Int64(value))) }
    func encode(_ value: Int32) { put(.int(Int64(value))) }
    func encode(_ value: Int64) { put(.int(value)) }
    func encode(_ value: UInt) { put(unsigned(UInt64(value))) }
    func encode(_ value: UInt8) { put(.int(Int64(value))) }
    func encode(_ value: UInt16) { put(.int(Int64(value))) }
    func encode(_ value: UInt32) { put(.int(Int64(value))) }
    func encode(_ value: UInt64) { put(unsigned(value)) }
    func encode<T: Encodable>(_ value: T) throws {
        slot.append(try Slot.encoding(value, codingPath: nextPath))
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = Slot()
        let path = nextPath
        slot.append(child)
        return ValueEncoder(slot: child, codingPath: path).container(keyedBy: keyType)
    }

    func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = Slot()
        let path = nextPath
        slot.append(child)
        return ValueEncoder(slot: child, codingPath: path).unkeyedContainer()
    }

    func superEncoder() -> any Encoder {
        let child = Slot()
        let path = nextPath
        slot.append(child)
        return ValueEncoder(slot: child, codingPath: path)
    }
}
