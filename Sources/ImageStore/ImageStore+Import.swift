import ImageSpec
import JSON
import Syscalls

extension ImageStore {
    /// Imports a root filesystem tarball (plain, gzip or zstd) as a one-layer image
    /// for the host platform named `reference`, with an empty run config
    /// (a definition then needs `Exec=` or `Entrypoint=`), as `docker import`.
    public func importRootfs(tarball path: String, as reference: ImageReference) throws(ImageStoreError) -> LoadedImage
    {
        // Shared: a concurrent `image prune` waits until this is done.
        let storeLock = try lockShared()
        defer { storeLock?.unlock() }
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(path)
        } catch {
            throw ImageStoreError("import \(path): \(error)")
        }
        let layerDigest: String
        do {
            defer { fd.close() }
            layerDigest = try content.ingest(expected: nil, expectedSize: nil) { try fd.read(into: $0) }
        }
        let blobPath = try content.path(of: layerDigest)
        let diffID: String
        let compression = try LayerCompression.detect(file: blobPath)
        do {
            if compression != .uncompressed {
                let blob = try FileDescriptor.open(blobPath)
                defer { blob.close() }
                let reader = try compression.decompressing { try blob.read(into: $0) }
                var hash = SHA256()
                var buffer = [UInt8](repeating: 0, count: 1 << 16)
                while true {
                    let read = try buffer.withUnsafeMutableBytes { try reader($0) }
                    if read == 0 { break }
                    buffer.withUnsafeBytes { hash.update(buffer: UnsafeRawBufferPointer(rebasing: $0[0..<read])) }
                }
                diffID = "sha256:" + hash.finalizeHex()
            } else {
                diffID = layerDigest
            }
        } catch {
            try? content.remove(layerDigest)
            throw ImageStoreError("import \(path): \(error)")
        }
        let layerSize = (try? FileSystem.status(blobPath))??.size ?? 0
        let host = Platform.host
        let config = ImageConfig(
            architecture: host.architecture, os: host.os, config: RunConfig(), rootfs: RootFS(diffIDs: [diffID]),
            history: [
                History(createdBy: "swctl image import", comment: "imported from " + FileSystem.baseName(of: path))
            ])
        do {
            let configBytes = try JSONEncoder().encode(config)
            let configDigest = try content.ingest(configBytes)
            let manifest = Manifest(
                config: Descriptor(
                    mediaType: MediaType.ociConfig, digest: configDigest, size: Int64(configBytes.count)),
                layers: [
                    Descriptor(
                        mediaType: compression.layerMediaType, digest: layerDigest,
                        size: layerSize)
                ])
            let manifestDigest = try content.ingest(try JSONEncoder().encode(manifest))
            return try register(manifestDigest, names: [reference])
        } catch let error as ImageStoreError {
            throw error
        } catch {
            throw ImageStoreError("import \(path): \(error)")
        }
    }
}
