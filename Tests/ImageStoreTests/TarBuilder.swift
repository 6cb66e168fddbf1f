/// Builds tar archives byte by byte, so tests can craft members no honest
/// archiver would write (absolute paths, `..`, links out of the tree).
struct TarBuilder {
    private(set) var bytes: [UInt8] = []

    mutating func add(
        _ path: String, type: UInt8 = UInt8(ascii: "0"), content: [UInt8] = [], mode: UInt32 = 0o644,
        linkName: String = "", size: Int? = nil, major: UInt32 = 0, minor: UInt32 = 0
    ) {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, length: Int) {
            for (index, byte) in text.utf8.prefix(length).enumerated() { header[offset + index] = byte }
        }
        func octal(_ value: Int, at offset: Int, length: Int) {
            let digits = String(value, radix: 8)
            put(
                String(repeating: "0", count: max(0, length - 1 - digits.count)) + digits, at: offset,
                length: length - 1)
        }
        put(path, at: 0, length: 100)
        octal(Int(mode), at: 100, length: 8)
        octal(0, at: 108, length: 8)
        octal(0, at: 116, length: 8)
        octal(size ?? content.count, at: 124, length: 12)
        octal(1_700_000_000, at: 136, length: 12)
        header[156] = type
        put(linkName, at: 157, length: 100)
        put("ustar", at: 257, length: 6)
        put("00", at: 263, length: 2)
        octal(Int(major), at: 329, length: 8)
        octal(Int(minor), at: 337, length: 8)
        for index in 148..<156 { header[index] = 0x20 }
        let sum = header.reduce(0) { $0 + Int($1) }
        octal(sum, at: 148, length: 7)
        bytes += header
        bytes += content
        bytes += [UInt8](repeating: 0, count: (512 - content.count % 512) % 512)
    }

    /// A PAX extended header applying `records` to the next member.
    mutating func pax(_ records: [(String, String)]) {
        var data: [UInt8] = []
        for (key, value) in records {
            let body = " \(key)=\(value)\n"
            var length = body.utf8.count + 1
            while String(length).utf8.count + body.utf8.count != length { length += 1 }
            data += Array("\(length)\(body)".utf8)
        }
        add("PaxHeaders/x", type: UInt8(ascii: "x"), content: data)
    }

    /// The archive with its two zero end blocks.
    var archive: [UInt8] { bytes + [UInt8](repeating: 0, count: 1024) }

    /// A source that hands out `archive` in chunks of `chunk` bytes.
    func source(chunk: Int = 700) -> (UnsafeMutableRawBufferPointer) throws -> Int {
        let data = archive
        nonisolated(unsafe) var offset = 0
        return { buffer in
            let count = min(chunk, buffer.count, data.count - offset)
            data.withUnsafeBytes { source in
                if count > 0, let base = source.baseAddress, let target = buffer.baseAddress {
                    target.copyMemory(from: base + offset, byteCount: count)
                }
            }
            offset += count
            return count
        }
    }
}
