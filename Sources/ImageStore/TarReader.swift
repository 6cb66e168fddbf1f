/// A streaming tar reader (POSIX ustar, GNU long names, PAX extended
/// headers) over any byte source: headers via `next()`, the current member's
/// content via `readContent(into:)`. Nothing here touches the file system.
public struct TarReader {
    /// Fills the buffer, returns the count; 0 at the end of the stream.
    public typealias Source = (UnsafeMutableRawBufferPointer) throws -> Int

    /// Extension records (GNU long names, PAX headers) larger than this are
    /// refused: they are held in memory and a hostile archive could be all header.
    public static let maximumHeaderExtension = 1 << 20

    private let source: Source
    private var buffer: [UInt8] = []
    private var bufferStart = 0
    private var remaining: Int64 = 0
    private var padding: Int64 = 0
    private var globalPAX: [String: String] = [:]

    public init(source: @escaping Source) {
        self.source = source
    }

    /// The next member, or nil at the end of the archive.
    public mutating func next() throws(TarError) -> TarEntry? {
        try skip(remaining + padding)
        remaining = 0
        padding = 0
        var longName: String?
        var longLink: String?
        var pax: [String: String] = globalPAX
        while true {
            guard let block = try readBlock() else { return nil }
            if block.allSatisfy({ $0 == 0 }) { return nil }
            try verifyChecksum(block)
            let type = block[156]
            let size = try number(block, 124, 12, field: "size")
            guard size >= 0 else { throw TarError("tar header: negative size") }
            switch type {
            case UInt8(ascii: "L"), UInt8(ascii: "K"), UInt8(ascii: "x"), UInt8(ascii: "g"):
                guard size <= Int64(TarReader.maximumHeaderExtension) else {
                    throw TarError(
                        "tar header extension of \(size) bytes: larger than \(TarReader.maximumHeaderExtension)")
                }
                let data = try readExactly(Int(size))
                try skip(paddingFor(size))
                switch type {
                case UInt8(ascii: "L"): longName = cString(data[...])
                case UInt8(ascii: "K"): longLink = cString(data[...])
                case UInt8(ascii: "x"): pax.merge(try TarReader.parsePAX(data)) { $1 }
                default: globalPAX.merge(try TarReader.parsePAX(data)) { $1 }; pax.merge(globalPAX) { $1 }
                }
                continue
            default:
                break
            }
            var entry = TarEntry(
                path: headerPath(block), kind: kind(type),
                mode: UInt32(truncatingIfNeeded: try number(block, 100, 8, field: "mode") & 0o7777),
                uid: UInt32(truncatingIfNeeded: try number(block, 108, 8, field: "uid")),
                gid: UInt32(truncatingIfNeeded: try number(block, 116, 8, field: "gid")), size: size,
                modificationTime: try number(block, 136, 12, field: "mtime"),
                linkName: cString(block[157..<257]),
                deviceMajor: UInt32(truncatingIfNeeded: try number(block, 329, 8, field: "devmajor")),
                deviceMinor: UInt32(truncatingIfNeeded: try number(block, 337, 8, field: "devminor")))
            if let longName { entry.path = longName }
            if let longLink { entry.linkName = longLink }
            try apply(pax, to: &entry)
            // Links, devices, directories and fifos carry no content whatever
            // their size field says (as Go's archive/tar reads them).
            switch entry.kind {
            case .file, .other: break
            default: entry.size = 0
            }
            remaining = entry.size
            padding = paddingFor(entry.size)
            return entry
        }
    }

    /// Reads up to `buffer.count` bytes of the current member; 0 at its end.
    public mutating func readContent(into target: UnsafeMutableRawBufferPointer) throws(TarError) -> Int {
        guard remaining > 0, target.count > 0 else { return 0 }
        try fill(1)
        let count = min(Int64(target.count), remaining, Int64(buffer.count - bufferStart))
        let size = Int(count)
        buffer.withUnsafeBytes { source in
            if let base = source.baseAddress, let destination = target.baseAddress {
                destination.copyMemory(from: base + bufferStart, byteCount: size)
            }
        }
        bufferStart += size
        remaining -= count
        return size
    }

    // MARK: - Header fields

    private func kind(_ type: UInt8) -> TarEntry.Kind {
        switch type {
        case UInt8(ascii: "0"), 0, UInt8(ascii: "7"): return .file
        case UInt8(ascii: "1"): return .hardLink
        case UInt8(ascii: "2"): return .symbolicLink
        case UInt8(ascii: "3"): return .characterDevice
        case UInt8(ascii: "4"): return .blockDevice
        case UInt8(ascii: "5"): return .directory
        case UInt8(ascii: "6"): return .fifo
        default: return .other(type)
        }
    }

    private func headerPath(_ block: [UInt8]) -> String {
        let name = cString(block[0..<100])
        // ustar: a prefix (345..<500) joined with `/`.
        guard block[257..<262].elementsEqual("ustar".utf8) else { return name }
        let prefix = cString(block[345..<500])
        return prefix.isEmpty ? name : prefix + "/" + name
    }

    private func cString(_ bytes: ArraySlice<UInt8>) -> String {
        let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
        return String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
    }

    /// An octal field, or GNU base-256 when the high bit of the first byte is set.
    private func number(_ block: [UInt8], _ offset: Int, _ length: Int, field: String) throws(TarError) -> Int64 {
        let bytes = block[offset..<offset + length]
        if let first = bytes.first, first & 0x80 != 0 {
            guard first & 0x40 == 0 else { throw TarError("tar header: negative base-256 \(field)") }
            var value: Int64 = Int64(first & 0x3F)
            for byte in bytes.dropFirst() {
                guard value <= (Int64.max >> 8) else { throw TarError("tar header: \(field) overflows") }
                value = value << 8 | Int64(byte)
            }
            return value
        }
        var value: Int64 = 0
        var seenDigit = false
        for byte in bytes {
            if byte == 0 || (byte == 0x20 && seenDigit) { break }
            if byte == 0x20 { continue }
            guard (0x30...0x37).contains(byte) else { throw TarError("tar header: \(field) is not octal") }
            guard value <= (Int64.max >> 3) else { throw TarError("tar header: \(field) overflows") }
            value = value << 3 | Int64(byte - 0x30)
            seenDigit = true
        }
        return value
    }

    private func verifyChecksum(_ block: [UInt8]) throws(TarError) {
        let stored = try number(block, 148, 8, field: "checksum")
        var sum: Int64 = 0
        for (index, byte) in block.enumerated() {
            sum += (148..<156).contains(index) ? 0x20 : Int64(byte)
        }
        guard sum == stored else { throw TarError("tar header: checksum \(stored) does not match \(sum)") }
    }

    /// `LEN KEY=VALUE\n` records.
    static func parsePAX(_ data: [UInt8]) throws(TarError) -> [String: String] {
        var records: [String: String] = [:]
        var index = 0
        while index < data.count {
            guard let space = data[index...].firstIndex(of: 0x20),
                let length = Int(String(decoding: data[index..<space], as: UTF8.self)), length > 0,
                index + length <= data.count, space + 1 < index + length
            else { throw TarError("tar pax header: malformed record") }
            let record = data[(space + 1)..<(index + length - 1)]
            guard let equals = record.firstIndex(of: UInt8(ascii: "=")) else {
                throw TarError("tar pax header: record without '='")
            }
            let key = String(decoding: record[record.startIndex..<equals], as: UTF8.self)
            records[key] = String(decoding: record[(equals + 1)...], as: UTF8.self)
            index += length
        }
        return records
    }

    private func apply(_ pax: [String: String], to entry: inout TarEntry) throws(TarError) {
        for (key, value) in pax {
            switch key {
            case "path": entry.path = value
            case "linkpath": entry.linkName = value
            case "size":
                guard let size = Int64(value), size >= 0 else { throw TarError("tar pax header: size '\(value)'") }
                entry.size = size
            case "uid": entry.uid = UInt32(value) ?? entry.uid
            case "gid": entry.gid = UInt32(value) ?? entry.gid
            case "mtime":
                entry.modificationTime = Int64(value.split(separator: ".").first ?? "") ?? entry.modificationTime
            default:
                if key.hasPrefix("SCHILY.xattr.") {
                    entry.extendedAttributes[String(key.dropFirst("SCHILY.xattr.".count))] = Array(value.utf8)
                }
            }
        }
    }

    // MARK: - Byte source

    private func paddingFor(_ size: Int64) -> Int64 { (512 - size % 512) % 512 }

    private mutating func fill(_ wanted: Int) throws(TarError) {
        if bufferStart > 0, bufferStart >= buffer.count / 2 {
            buffer.removeFirst(bufferStart)
            bufferStart = 0
        }
        while buffer.count - bufferStart < wanted {
            var chunk = [UInt8](repeating: 0, count: max(65536, wanted))
            let count: Int
            do {
                count = try chunk.withUnsafeMutableBytes { try source($0) }
            } catch {
                throw TarError("read tar stream: \(error)")
            }
            if count == 0 { return }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    private mutating func readBlock() throws(TarError) -> [UInt8]? {
        try fill(512)
        let available = buffer.count - bufferStart
        if available == 0 { return nil }  // no end-of-archive blocks: tolerated, as GNU tar does
        guard available >= 512 else { throw TarError("tar stream: truncated header") }
        let block = Array(buffer[bufferStart..<bufferStart + 512])
        bufferStart += 512
        return block
    }

    private mutating func readExactly(_ count: Int) throws(TarError) -> [UInt8] {
        try fill(count)
        guard buffer.count - bufferStart >= count else { throw TarError("tar stream: truncated member") }
        let bytes = Array(buffer[bufferStart..<bufferStart + count])
        bufferStart += count
        return bytes
    }

    private mutating func skip(_ count: Int64) throws(TarError) {
        var left = count
        while left > 0 {
            try fill(1)
            let available = buffer.count - bufferStart
            guard available > 0 else { throw TarError("tar stream: truncated member") }
            let step = Int(min(Int64(available), left))
            bufferStart += step
            left -= Int64(step)
        }
    }
}

/// A malformed or hostile tar stream.
public struct TarError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
