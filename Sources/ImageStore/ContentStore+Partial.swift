import ImageSpec
import Syscalls

/// A blob being downloaded, kept across attempts so a later pull resumes it.
///
/// The bytes grow in `ingest/<hex>.partial` under an exclusive `flock` on
/// `ingest/<hex>.lock`, so two pulls of one blob never write it together
/// (the second waits, then finds the blob stored). A partial file is never
/// trusted: opening it re-hashes what is there, and only `commit` — after
/// the whole content hashes to the digest and has the announced size —
/// renames it to `blobs/sha256/<hex>`, where readers look.
public final class PartialBlob {
    public let digest: String
    public let expectedSize: Int64
    /// Bytes present so far: where a resumed download continues.
    public private(set) var size: Int64
    private var hash: SHA256
    private var file: FileDescriptor
    private let lock: FileLock
    private let store: ContentStore
    private let partialPath: String
    private let lockPath: String
    private var finished = false

    /// Opens the partial download of `digest`, waiting for any other writer
    /// of it; nil when the blob is already in the store (then nothing is held).
    public static func open(in store: ContentStore, digest: String, size: Int64) throws(ImageStoreError)
        -> PartialBlob?
    {
        let target = try store.path(of: digest)
        if FileSystem.exists(target) { return nil }
        let hex = String(digest.dropFirst("sha256:".count))
        let lockPath = "\(store.ingestDirectory)/\(hex).lock"
        let lock: FileLock
        do {
            try FileSystem.makeDirectories(store.ingestDirectory, permissions: 0o700)
            try FileSystem.makeDirectories(store.blobsDirectory, permissions: 0o755)
            lock = try FileLock.exclusive(lockPath)
        } catch {
            throw ImageStoreError("lock download of blob \(digest): \(error)")
        }
        if FileSystem.exists(target) {
            lock.unlock()
            return nil
        }
        do {
            return try PartialBlob(
                store: store, digest: digest, size: size, lock: lock, lockPath: lockPath,
                partialPath: "\(store.ingestDirectory)/\(hex).partial")
        } catch {
            lock.unlock()
            throw error
        }
    }

    private init(
        store: ContentStore, digest: String, size expected: Int64, lock: FileLock, lockPath: String,
        partialPath: String
    ) throws(ImageStoreError) {
        self.store = store
        self.digest = digest
        self.expectedSize = expected
        self.lock = lock
        self.lockPath = lockPath
        self.partialPath = partialPath
        // Re-hash what an earlier attempt left; a partial longer than the
        // blob cannot be a prefix of it.
        var hash = SHA256()
        var present: Int64 = 0
        if FileSystem.exists(partialPath) {
            do {
                let reader = try FileDescriptor.open(partialPath)
                defer { reader.close() }
                var buffer = [UInt8](repeating: 0, count: 1 << 20)
                while true {
                    let count = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
                    if count == 0 { break }
                    buffer.withUnsafeBytes { hash.update(buffer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                    present += Int64(count)
                }
            } catch {
                throw ImageStoreError("read partial blob \(partialPath): \(error)")
            }
            if present > expected {
                hash = SHA256()
                present = 0
                try? FileSystem.removeFile(partialPath)
            }
        }
        self.hash = hash
        self.size = present
        do {
            file = try FileDescriptor.open(partialPath, [.writeOnly, .create, .append], permissions: 0o644)
        } catch {
            throw ImageStoreError("open partial blob \(partialPath): \(error)")
        }
    }

    deinit {
        if !finished {
            file.close()
            lock.unlock()
        }
    }

    /// Appends the next bytes; more than the announced size is refused, so
    /// a source cannot fill the disk past what the manifest said.
    public func append(_ bytes: UnsafeRawBufferPointer) throws(ImageStoreError) {
        guard size + Int64(bytes.count) <= expectedSize else {
            throw ImageStoreError("download blob \(digest): more than the announced \(expectedSize) bytes")
        }
        do {
            try file.writeAll(bytes)
        } catch {
            throw ImageStoreError("write partial blob \(partialPath): \(error)")
        }
        hash.update(buffer: bytes)
        size += Int64(bytes.count)
    }

    /// Drops what is there and starts from byte 0 (a server that ignored the Range).
    public func restart() throws(ImageStoreError) {
        file.close()
        do {
            file = try FileDescriptor.open(partialPath, [.writeOnly, .create, .truncate, .append], permissions: 0o644)
        } catch {
            throw ImageStoreError("restart partial blob \(partialPath): \(error)")
        }
        hash = SHA256()
        size = 0
    }

    /// Verifies size and digest and makes the blob visible; on a mismatch the
    /// partial file is removed (the next attempt starts afresh) and the
    /// error names both digests.
    public func commit() throws(ImageStoreError) {
        guard !finished else { return }
        finished = true
        defer { lock.unlock() }
        defer { file.close() }
        guard size == expectedSize else {
            throw ImageStoreError("download blob \(digest): \(size) bytes, the manifest says \(expectedSize)")
        }
        let actual = "sha256:" + hash.finalizeHex()
        guard actual == digest else {
            try? FileSystem.removeFile(partialPath)
            throw ImageStoreError("download blob \(digest): content hashes to \(actual)")
        }
        do {
            try FileSystem.sync(file, path: partialPath)
            try FileSystem.move(partialPath, replacing: try store.path(of: digest))
        } catch let error as ImageStoreError {
            throw error
        } catch {
            throw ImageStoreError("store blob \(digest): \(error)")
        }
        // Waiters on the old lock file find the blob stored and write nothing.
        try? FileSystem.removeFile(lockPath)
    }

    /// Keeps the partial file for a later attempt and releases the lock.
    public func suspend() {
        guard !finished else { return }
        finished = true
        file.close()
        lock.unlock()
    }
}
