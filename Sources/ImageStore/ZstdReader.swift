import CZstd

/// Decompresses a zstd stream (every frame, skippable frames ignored, as
/// `zstd -d` does) from a byte source; `read(into:)` has the same shape as
/// the source, so it plugs into `TarReader` and `ContentStore.ingest` like
/// `GzipReader`.
///
/// The decoder keeps libzstd's default window limit (128 MiB): a frame that
/// asks for a larger window is refused instead of making the unpacker
/// allocate whatever a hostile layer announces.
public final class ZstdReader {
    public typealias Source = (UnsafeMutableRawBufferPointer) throws -> Int

    private let source: Source
    private let stream: OpaquePointer
    private var input: [UInt8]
    private var inputCount = 0
    private var inputOffset = 0
    private var sourceEnded = false
    /// Whether the decoder stopped between frames (libzstd returned 0):
    /// only there may the input end.
    private var atFrameBoundary = true

    public init(source: @escaping Source) throws(TarError) {
        self.source = source
        guard let stream = ZSTD_createDStream() else { throw TarError("zstd: cannot allocate a decoder") }
        self.stream = stream
        input = [UInt8](repeating: 0, count: ZSTD_DStreamInSize())
        let status = ZSTD_initDStream(stream)
        guard ZSTD_isError(status) == 0 else {
            ZSTD_freeDStream(stream)
            throw TarError("zstd: init decoder: \(ZstdReader.errorName(status))")
        }
    }

    deinit {
        ZSTD_freeDStream(stream)
    }

    /// Fills `target` with decompressed bytes; 0 at the end of the stream.
    public func read(into target: UnsafeMutableRawBufferPointer) throws(TarError) -> Int {
        guard target.count > 0, let targetBase = target.baseAddress else { return 0 }
        while true {
            if inputOffset == inputCount, !sourceEnded {
                do {
                    inputCount = try input.withUnsafeMutableBytes { try source($0) }
                } catch {
                    throw TarError("read zstd stream: \(error)")
                }
                inputOffset = 0
                if inputCount == 0 { sourceEnded = true }
            }
            let starved = inputOffset == inputCount && sourceEnded
            if starved, atFrameBoundary { return 0 }
            var outBuffer = ZSTD_outBuffer(dst: targetBase, size: target.count, pos: 0)
            let (status, consumed) = input.withUnsafeBytes { bytes in
                var inBuffer = ZSTD_inBuffer(src: bytes.baseAddress, size: inputCount, pos: inputOffset)
                let status = ZSTD_decompressStream(stream, &outBuffer, &inBuffer)
                return (status, inBuffer.pos - inputOffset)
            }
            inputOffset += consumed
            if ZSTD_isError(status) != 0 {
                throw TarError("zstd stream: \(ZstdReader.errorName(status))")
            }
            atFrameBoundary = status == 0
            if outBuffer.pos > 0 { return outBuffer.pos }
            // Nothing produced although all input is in: the frame is cut short.
            if starved, consumed == 0 { throw TarError("zstd stream: truncated") }
        }
    }

    private static func errorName(_ code: Int) -> String {
        ZSTD_getErrorName(code).map { String(cString: $0).lowercased() } ?? "error \(code)"
    }
}
