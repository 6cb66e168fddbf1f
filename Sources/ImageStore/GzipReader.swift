import CZlib

/// Inflates a gzip stream (all members, as `gzip -d` does) from a byte
/// source; `read(into:)` has the same shape as the source, so it plugs into
/// `TarReader` and `ContentStore.ingest`.
public final class GzipReader {
    public typealias Source = (UnsafeMutableRawBufferPointer) throws -> Int

    private let source: Source
    private var stream = z_stream()
    private var input = [UInt8](repeating: 0, count: 1 << 16)
    private var inputCount = 0
    private var inputOffset = 0
    private var sourceEnded = false
    private var finished = false

    public init(source: @escaping Source) throws(TarError) {
        self.source = source
        // 15 window bits + 16: expect a gzip header and trailer.
        let status = inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw TarError("gzip: inflateInit2 failed (\(status))") }
    }

    deinit {
        inflateEnd(&stream)
    }

    /// Fills `target` with inflated bytes; 0 at the end of the stream.
    public func read(into target: UnsafeMutableRawBufferPointer) throws(TarError) -> Int {
        guard !finished, target.count > 0, let targetBase = target.baseAddress else { return 0 }
        while true {
            if inputOffset == inputCount, !sourceEnded {
                do {
                    inputCount = try input.withUnsafeMutableBytes { try source($0) }
                } catch {
                    throw TarError("read gzip stream: \(error)")
                }
                inputOffset = 0
                if inputCount == 0 { sourceEnded = true }
            }
            if inputOffset == inputCount, sourceEnded {
                // An empty stream, or one cut short inside a member.
                if stream.total_in == 0 { finished = true; return 0 }
                throw TarError("gzip stream: truncated")
            }
            let (status, produced, consumed) = input.withUnsafeMutableBytes { inputBytes in
                stream.next_in = inputBytes.baseAddress?.assumingMemoryBound(to: Bytef.self).advanced(by: inputOffset)
                stream.avail_in = uInt(inputCount - inputOffset)
                stream.next_out = targetBase.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(min(target.count, Int(Int32.max)))
                let before = (stream.avail_in, stream.avail_out)
                let status = inflate(&stream, Z_NO_FLUSH)
                return (status, Int(before.1 - stream.avail_out), Int(before.0 - stream.avail_in))
            }
            inputOffset += consumed
            switch status {
            case Z_STREAM_END:
                // Another member may follow (concatenated gzip); trailing zeros are padding.
                if !hasMoreMembers() {
                    finished = true
                } else {
                    inflateReset(&stream)
                }
                if produced > 0 || finished { return produced }
            case Z_OK, Z_BUF_ERROR:
                if produced > 0 { return produced }
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                throw TarError("gzip stream: \(message)")
            }
        }
    }

    /// Whether input after a member's end begins another member (gzip magic).
    private func hasMoreMembers() -> Bool {
        if inputOffset == inputCount, !sourceEnded {
            inputCount = (try? input.withUnsafeMutableBytes { try source($0) }) ?? 0
            inputOffset = 0
            if inputCount == 0 { sourceEnded = true }
        }
        guard inputCount - inputOffset >= 2 else { return false }
        return input[inputOffset] == 0x1F && input[inputOffset + 1] == 0x8B
    }
}
