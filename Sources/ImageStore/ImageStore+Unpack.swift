import ImageSpec
import Syscalls

extension ImageStore {
    /// Unpacks the layer blob `layer` (compressed as its media type says)
    /// into `layers/<diffID>/`, unless already there. The uncompressed
    /// stream must hash to `diffID`; otherwise nothing is left behind. The
    /// layer is unpacked beside its final name and renamed into place, so a
    /// present layer directory is always complete.
    @discardableResult
    public func unpackLayer(_ layer: Descriptor, diffID: String, unpacker: LayerUnpacker = LayerUnpacker())
        throws(ImageStoreError) -> String
    {
        let destination = try layerPath(diffID)
        if FileSystem.exists(destination) { return destination }
        guard MediaType.layerCompression(layer.mediaType) != nil else {
            throw ImageStoreError("unpack layer \(layer.digest): media type '\(layer.mediaType)' is not a layer")
        }
        let blob = try content.path(of: layer.digest)
        let compression = try LayerCompression.detect(file: blob)
        let temporary = "\(layersDirectory)/.unpack-\(Processes.currentID)-\(Identity.monotonicNanoseconds())"
        let file: FileDescriptor
        do {
            try FileSystem.makeDirectories(temporary, permissions: 0o755)
            file = try FileDescriptor.open(blob)
        } catch {
            try? FileSystem.removeTree(temporary)
            throw ImageStoreError("unpack layer \(layer.digest): \(error)")
        }
        defer { file.close() }
        do {
            let raw: TarReader.Source = { try file.read(into: $0) }
            let decompressed = try compression.decompressing(raw)
            // Hash what the tar reader consumes: that is the diffID. An
            // uncompressed blob named by its diffID was hashed when stored.
            let hasher: StreamHasher? =
                compression == .uncompressed && layer.digest == diffID ? nil : StreamHasher()
            var reader = TarReader { buffer in
                let count = try decompressed(buffer)
                hasher?.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                return count
            }
            _ = try unpacker.unpack(&reader, into: temporary)
            // Drain what follows the end-of-archive blocks so the hash covers the whole stream.
            var rest = [UInt8](repeating: 0, count: 1 << 16)
            while let hasher {
                let count = try rest.withUnsafeMutableBytes { try decompressed($0) }
                if count == 0 { break }
                rest.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            }
            let actual = hasher?.finalize() ?? diffID
            guard actual == diffID else {
                throw ImageStoreError(
                    "unpack layer \(layer.digest): uncompressed content hashes to \(actual), the image says \(diffID)")
            }
        } catch {
            try? FileSystem.removeTree(temporary)
            if var error = error as? ImageStoreError {
                // The temporary directory is gone: name the layer instead.
                let prefixes = ["unpack layer into \(temporary): ", "unpack layer: "]
                for prefix in prefixes where error.message.hasPrefix(prefix) {
                    error.message = "unpack layer \(layer.digest): " + error.message.dropFirst(prefix.count)
                    break
                }
                throw error
            }
            throw ImageStoreError("unpack layer \(layer.digest): \(error)")
        }
        do {
            try FileSystem.move(temporary, replacing: destination)
        } catch {
            try? FileSystem.removeTree(temporary)
            // Another unpack of the same layer may have finished first.
            guard FileSystem.exists(destination) else {
                throw ImageStoreError("unpack layer \(layer.digest): \(error)")
            }
        }
        return destination
    }
}

/// A SHA-256 shared by the closures of a stream pipeline.
final class StreamHasher {
    private var hash = SHA256()

    func update(_ bytes: UnsafeRawBufferPointer) {
        hash.update(buffer: bytes)
    }

    func finalize() -> String {
        "sha256:" + hash.finalizeHex()
    }
}
