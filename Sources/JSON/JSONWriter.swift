/// Serializes a `JSONValue` as UTF-8 (RFC 8259).
///
/// Strings are written as UTF-8 with only `"`, `\` and control characters
/// escaped; doubles use Swift's shortest round-tripping form.
struct JSONWriter {
    let options: JSONWriteOptions
    var bytes: [UInt8] = []

    init(options: JSONWriteOptions) {
        self.options = options
        bytes.reserveCapacity(1024)
    }

    mutating func write(_ value: JSONValue, indent: Int = 0) throws(JSONError) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .int(let number): append(String(number))
        case .uint(let number): append(String(number))
        case .double(let number): try writeDouble(number)
        case .string(let string): writeString(string)
        case .array(let array): try writeArray(array, indent: indent)
        case .object(let object): try writeObject(object, indent: indent)
        }
    }

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func writeDouble(_ number: Double) throws(JSONError) {
        guard number.isFinite else { throw .invalidNumber(String(number)) }
        // Whole numbers print without ".0", as Foundation does; exact up to 2^53.
        if number == number.rounded(), abs(number) < 9_007_199_254_740_992 {
            append(String(Int64(number)))
        } else {
            append(String(number))
        }
    }

    mutating func writeString(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            case 0x00..<0x20:
                let hex = String(byte, radix: 16)
                append("\\u00" + (hex.count == 1 ? "0" + hex : hex))
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func newline(_ indent: Int) {
        guard options.contains(.prettyPrinted) else { return }
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    mutating func writeArray(_ array: [JSONValue], indent: Int) throws(JSONError) {
        bytes.append(UInt8(ascii: "["))
        if array.isEmpty {
            bytes.append(UInt8(ascii: "]"))
            return
        }
        for (position, element) in array.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            newline(indent + 1)
            try write(element, indent: indent + 1)
        }
        newline(indent)
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func writeObject(_ object: JSONObject, indent: Int) throws(JSONError) {
        bytes.append(UInt8(ascii: "{"))
        if object.isEmpty {
            bytes.append(UInt8(ascii: "}"))
            return
        }
        let keys = options.contains(.sortedKeys) ? object.keys.sorted() : object.keys
        for (position, key) in keys.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            newline(indent + 1)
            writeString(key)
            bytes.append(UInt8(ascii: ":"))
            if options.contains(.prettyPrinted) { bytes.append(UInt8(ascii: " ")) }
            try write(object[key] ?? .null, indent: indent + 1)
        }
        newline(indent)
        bytes.append(UInt8(ascii: "}"))
    }
}
