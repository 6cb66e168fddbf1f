import CSystemd
import Glibc

/// One D-Bus message (a method call being built or a reply being read),
/// owning its `sd_bus_message` reference.
///
/// The C API's variadic helpers (`sd_bus_message_append`,
/// `sd_bus_message_read`) cannot be called from Swift, so values go in and
/// come out one basic value or container at a time.
public final class Message {
    let handle: OpaquePointer

    /// Takes over one reference to `handle`.
    init(adopting handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        sd_bus_message_unref(handle)
    }

    // MARK: Appending

    /// Appends a string (`s`).
    public func append(_ value: String) throws(BusError) {
        let result = value.withCString { sd_bus_message_append_basic(handle, CChar(UInt8(ascii: "s")), $0) }
        try check(result, "append string")
    }

    /// Appends an object path (`o`).
    public func append(objectPath value: String) throws(BusError) {
        let result = value.withCString { sd_bus_message_append_basic(handle, CChar(UInt8(ascii: "o")), $0) }
        try check(result, "append object path")
    }

    /// Appends a signed 32-bit integer (`i`).
    public func append(_ value: Int32) throws(BusError) {
        var copy = value
        let result = sd_bus_message_append_basic(handle, CChar(UInt8(ascii: "i")), &copy)
        try check(result, "append int32")
    }

    /// Appends an unsigned 32-bit integer (`u`).
    public func append(_ value: UInt32) throws(BusError) {
        var copy = value
        let result = sd_bus_message_append_basic(handle, CChar(UInt8(ascii: "u")), &copy)
        try check(result, "append uint32")
    }

    /// Appends an array of strings (`as`).
    public func append(_ values: [String]) throws(BusError) {
        try openContainer("a", contents: "s")
        for value in values { try append(value) }
        try closeContainer()
    }

    /// Opens a container (`a`, `r`, `v`, `e`) whose element signature is `contents`.
    public func openContainer(_ type: Character, contents: String) throws(BusError) {
        let result = contents.withCString { sd_bus_message_open_container(handle, Self.cType(type), $0) }
        try check(result, "open container \(type)\(contents)")
    }

    /// Closes the container opened last.
    public func closeContainer() throws(BusError) {
        try check(sd_bus_message_close_container(handle), "close container")
    }

    // MARK: Reading

    /// The type of the next value (`s`, `u`, `a`, …) and, for containers, their
    /// contents signature; nil at the end of the current container.
    public func peek() throws(BusError) -> (type: Character, contents: String?)? {
        var type: CChar = 0
        var contents: UnsafePointer<CChar>?
        let result = sd_bus_message_peek_type(handle, &type, &contents)
        try check(result, "peek type")
        if result == 0 { return nil }
        return (Character(Unicode.Scalar(UInt8(bitPattern: type))), contents.map { String(cString: $0) })
    }

    /// Reads a string-like value (`s`, `o`, `g`).
    public func readString(_ type: Character = "s") throws(BusError) -> String {
        var pointer: UnsafePointer<CChar>?
        let result = sd_bus_message_read_basic(handle, Self.cType(type), &pointer)
        try checkRead(result, "read \(type)")
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    /// Reads a fixed-size basic value whose D-Bus type is `type` (`u`, `t`, `i`,
    /// `x`, `b` as Int32, `y` as UInt8, …). The Swift type must match the wire size.
    public func readBasic<T: FixedWidthInteger>(_ type: Character, as: T.Type = T.self) throws(BusError) -> T {
        var value: T = 0
        let result = sd_bus_message_read_basic(handle, Self.cType(type), &value)
        try checkRead(result, "read \(type)")
        return value
    }

    /// Reads a boolean (`b`, four bytes on the wire).
    public func readBool() throws(BusError) -> Bool {
        let value: Int32 = try readBasic("b")
        return value != 0
    }

    /// Reads a double (`d`).
    public func readDouble() throws(BusError) -> Double {
        var value: Double = 0
        let result = sd_bus_message_read_basic(handle, Self.cType("d"), &value)
        try checkRead(result, "read d")
        return value
    }

    /// Enters a container; returns false at the end of the enclosing array
    /// (nothing left to enter).
    @discardableResult
    public func enterContainer(_ type: Character, contents: String?) throws(BusError) -> Bool {
        let result: Int32
        if let contents {
            result = contents.withCString { sd_bus_message_enter_container(handle, Self.cType(type), $0) }
        } else {
            result = sd_bus_message_enter_container(handle, Self.cType(type), nil)
        }
        try check(result, "enter container \(type)\(contents ?? "")")
        return result > 0
    }

    /// Leaves the container entered last.
    public func exitContainer() throws(BusError) {
        try check(sd_bus_message_exit_container(handle), "exit container")
    }

    /// Skips the next complete value, whatever its type.
    public func skip() throws(BusError) {
        try check(sd_bus_message_skip(handle, nil), "skip value")
    }

    /// Reads an array of strings (`as`).
    public func readStrings() throws(BusError) -> [String] {
        var values: [String] = []
        try enterContainer("a", contents: "s")
        while try peek() != nil {
            values.append(try readString())
        }
        try exitContainer()
        return values
    }

    /// Reads a variant holding a basic value or a string array; other
    /// contents are skipped and returned as `.other`.
    public func readVariant() throws(BusError) -> Variant {
        guard let (_, contents) = try peek(), let contents else {
            throw BusError(operation: "read variant", code: EBADMSG)
        }
        try enterContainer("v", contents: contents)
        let value: Variant
        switch contents {
        case "s", "o", "g": value = .string(try readString(Character(contents)))
        case "b": value = .bool(try readBool())
        case "y": value = .uint64(UInt64(try readBasic("y", as: UInt8.self)))
        case "n": value = .int64(Int64(try readBasic("n", as: Int16.self)))
        case "q": value = .uint64(UInt64(try readBasic("q", as: UInt16.self)))
        case "i": value = .int64(Int64(try readBasic("i", as: Int32.self)))
        case "u": value = .uint64(UInt64(try readBasic("u", as: UInt32.self)))
        case "x": value = .int64(try readBasic("x", as: Int64.self))
        case "t": value = .uint64(try readBasic("t", as: UInt64.self))
        case "d": value = .double(try readDouble())
        case "as": value = .strings(try readStrings())
        default:
            try skip()
            value = .other(contents)
        }
        try exitContainer()
        return value
    }

    // MARK: Helpers

    static func cType(_ type: Character) -> CChar {
        CChar(bitPattern: type.asciiValue ?? 0)
    }

    private func check(_ result: Int32, _ operation: String) throws(BusError) {
        if result < 0 { throw BusError.from(result, operation: operation) }
    }

    /// A read that hits the end of its container returns 0: for a value the
    /// caller expected, that is a malformed reply.
    private func checkRead(_ result: Int32, _ operation: String) throws(BusError) {
        try check(result, operation)
        if result == 0 { throw BusError(operation: operation, code: EBADMSG, message: "unexpected end of message") }
    }
}

/// A property value read from a variant.
public enum Variant: Sendable, Equatable {
    case string(String)
    case bool(Bool)
    case int64(Int64)
    case uint64(UInt64)
    case double(Double)
    case strings([String])
    /// A value of another signature (given), skipped.
    case other(String)
}
