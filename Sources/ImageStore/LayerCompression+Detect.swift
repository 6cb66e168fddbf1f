import ImageSpec
import Syscalls

extension LayerCompression {
    /// The compression the first bytes of a blob show: gzip (`1f 8b`), zstd
    /// (a frame `28 b5 2f fd`, or a skippable frame `5? 2a 4d 18`), else
    /// uncompressed. Layers are read by what they are, not by what their
    /// media type claims (as containerd does): `docker save` and some
    /// registries label gzip or zstd layers as plain tar and the reverse.
    public static func detect(_ magic: some Collection<UInt8>) -> LayerCompression {
        let bytes = Array(magic.prefix(4))
        if bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B { return .gzip }
        if bytes.count == 4, bytes[1] == 0xB5, bytes[2] == 0x2F, bytes[3] == 0xFD, bytes[0] == 0x28 { return .zstd }
        if bytes.count == 4, bytes[0] & 0xF0 == 0x50, bytes[1] == 0x2A, bytes[2] == 0x4D, bytes[3] == 0x18 {
            return .zstd
        }
        return .uncompressed
    }

    /// The compression of the file at `path`, from its first bytes.
    public static func detect(file path: String) throws(ImageStoreError) -> LayerCompression {
        do {
            let file = try FileDescriptor.open(path)
            defer { file.close() }
            var magic = [UInt8](repeating: 0, count: 4)
            var filled = 0
            while filled < magic.count {
                let count = try magic.withUnsafeMutableBytes { raw in
                    try file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
                }
                if count == 0 { break }
                filled += count
            }
            return detect(magic[0..<filled])
        } catch {
            throw ImageStoreError("read the first bytes of \(path): \(error)")
        }
    }

    /// The OCI layer media type for a blob compressed this way.
    public var layerMediaType: String {
        switch self {
        case .uncompressed: MediaType.ociLayer
        case .gzip: MediaType.ociLayerGzip
        case .zstd: MediaType.ociLayerZstd
        }
    }

    /// `source` decompressed as this compression says.
    public func decompressing(_ source: @escaping TarReader.Source) throws(TarError) -> TarReader.Source {
        switch self {
        case .uncompressed:
            return source
        case .gzip:
            let gzip = try GzipReader(source: source)
            return { try gzip.read(into: $0) }
        case .zstd:
            let zstd = try ZstdReader(source: source)
            return { try zstd.read(into: $0) }
        }
    }
}
