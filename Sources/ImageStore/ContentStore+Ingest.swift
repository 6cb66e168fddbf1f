import ImageSpec
import Syscalls

extension ContentStore {
    /// Stores `bytes`, returning their digest. When `expected` is given the
    /// bytes must hash to it.
    @discardableResult
    public func ingest(_ bytes: [UInt8], expected: String? = nil) throws(ImageStoreError) -> String {
        var offset = 0
        return try ingest(expected: expected, expectedSize: expected == nil ? nil : Int64(bytes.count)) {
            buffer in
            let count = min(buffer.count, bytes.count - offset)
            bytes.withUnsafeBytes { source in
                if count > 0, let base = source.baseAddress, let target = buffer.baseAddress {
                    target.copyMemory(from: base + offset, byteCount: count)
                }
            }
            offset += count
            return count
        }
    }

    /// Stores what `read` produces (it fills the buffer and returns the count,
    /// 0 at the end), hashing it on the way. The blob appears under its name
    /// only if the digest equals `expected` (when given) and the size equals
    /// `expectedSize` (when given); reading stops past `expectedSize`, so a
    /// source cannot fill the disk beyond what its descriptor announced.
    @discardableResult
    public func ingest(
        expected: String?, expectedSize: Int64?,
        read: (UnsafeMutableRawBufferPointer) throws -> Int
    ) throws(ImageStoreError) -> String {
        if let expected, !ImageReference.isDigest(expected) {
            throw ImageStoreError("ingest blob '\(expected)': not a sha256:<64 lowercase hex> digest")
        }
        do {
            try FileSystem.makeDirectories(ingestDirectory, permissions: 0o700)
            try FileSystem.makeDirectories(blobsDirectory, permissions: 0o755)
        } catch {
            throw ImageStoreError("make store directories under \(root): \(error)")
        }
        // Unique among concurrent writers: the pid, and the clock within one process.
        let temporary = "\(ingestDirectory)/\(Processes.currentID)-\(Identity.monotonicNanoseconds())"
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(temporary, [.writeOnly, .create, .exclusive], permissions: 0o644)
        } catch {
            throw ImageStoreError("create \(temporary): \(error)")
        }
        var hash = SHA256()
        var total: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        do {
            defer { file.close() }
            while true {
                let count = try buffer.withUnsafeMutableBytes { try read($0) }
                if count == 0 { break }
                total += Int64(count)
                if let expectedSize, total > expectedSize {
                    throw ImageStoreError(
                        "ingest blob \(expected ?? "?"): more than the announced \(expectedSize) bytes")
                }
                buffer.withUnsafeBytes { hash.update(buffer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                try file.writeAll(buffer[0..<count])
            }
            try FileSystem.sync(file, path: temporary)
        } catch {
            try? FileSystem.removeFile(temporary)
            if let error = error as? ImageStoreError { throw error }
            throw ImageStoreError("ingest blob \(expected ?? "?"): \(error)")
        }
        let digest = "sha256:" + hash.finalizeHex()
        if let expected, digest != expected {
            try? FileSystem.removeFile(temporary)
            throw ImageStoreError("ingest blob \(expected): content hashes to \(digest)")
        }
        if let expectedSize, total != expectedSize {
            try? FileSystem.removeFile(temporary)
            throw ImageStoreError("ingest blob \(digest): \(total) bytes, the descriptor says \(expectedSize)")
        }
        do {
            try FileSystem.move(temporary, replacing: try path(of: digest))
        } catch {
            try? FileSystem.removeFile(temporary)
            throw ImageStoreError("ingest blob \(digest): \(error)")
        }
        return digest
    }
}
