import Syscalls

extension ImageStore {
    /// The store-wide lock (`images/store.lock`): whoever adds to the store
    /// or reads layers to mount them (load, import, pull, start) holds it
    /// shared, `prune` holds it exclusively, so a prune never removes a
    /// blob or layer that a concurrent command has written but not yet
    /// named, or is about to mount.
    public var lockPath: String { root + "/store.lock" }

    /// Takes the store lock shared; release it with `unlock()` (or let the
    /// process end). Where the lock file cannot be opened for lack of
    /// permission (a user reading a root-owned store) this returns nil and
    /// the caller goes on unlocked: such a caller cannot add to the store.
    public func lockShared() throws(ImageStoreError) -> FileLock? {
        do {
            try FileSystem.makeDirectories(root, permissions: 0o755)
            return try FileLock.shared(lockPath)
        } catch let error as FileSystemError where ImageStore.meansNoWriteAccess(error.errno) {
            return nil
        } catch let error as SyscallError where ImageStore.meansNoWriteAccess(error.errno) {
            return nil
        } catch {
            throw ImageStoreError("lock image store \(lockPath): \(error)")
        }
    }

    /// Runs `body` holding the store lock exclusively (waiting for every
    /// shared holder to finish).
    public func withExclusiveLock<R>(_ body: () throws(ImageStoreError) -> R) throws(ImageStoreError) -> R {
        let lock: FileLock
        do {
            try FileSystem.makeDirectories(root, permissions: 0o755)
            // Created readable by all, so unprivileged readers can take it shared.
            if !FileSystem.exists(lockPath) {
                try FileDescriptor.open(lockPath, [.readOnly, .create], permissions: 0o644).close()
            }
            lock = try FileLock.exclusive(lockPath)
        } catch {
            throw ImageStoreError("lock image store \(lockPath): \(error)")
        }
        defer { lock.unlock() }
        return try body()
    }

    private static func meansNoWriteAccess(_ errno: Errno) -> Bool {
        errno == .permissionDenied || errno == .readOnlyFileSystem
    }
}
