import Glibc

/// An advisory whole-file lock (`flock(2)`), held until `unlock` or until the
/// descriptor is closed, so a crashed holder never leaves it taken.
public struct FileLock: Sendable {
    public let descriptor: FileDescriptor
    public let path: String

    /// Opens (creating) `path` and takes an exclusive lock, waiting for other holders.
    public static func exclusive(_ path: String) throws(SyscallError) -> FileLock {
        let fd = try FileDescriptor.open(path, [.readWrite, .create], permissions: 0o600)
        do {
            _ = try check("lock \(path)") { flock(fd.rawValue, LOCK_EX) }
        } catch {
            fd.close()
            throw error
        }
        return FileLock(descriptor: fd, path: path)
    }

    /// Opens (creating, readable by all) `path` read-only and takes a shared
    /// lock, waiting while someone holds it exclusively; any number of
    /// shared holders coexist, and a reader needs no write access.
    public static func shared(_ path: String) throws(SyscallError) -> FileLock {
        let fd = try FileDescriptor.open(path, [.readOnly, .create], permissions: 0o644)
        do {
            _ = try check("lock \(path) (shared)") { flock(fd.rawValue, LOCK_SH) }
        } catch {
            fd.close()
            throw error
        }
        return FileLock(descriptor: fd, path: path)
    }

    /// Releases the lock and closes the descriptor.
    public func unlock() {
        _ = flock(descriptor.rawValue, LOCK_UN)
        descriptor.close()
    }
}

extension FileSystem {
    /// `rename(2)`: atomically puts `source` in place of `destination`.
    public static func move(_ source: String, replacing destination: String) throws(FileSystemError) {
        if Glibc.rename(source, destination) != 0 {
            throw FileSystemError("rename \(source) to", path: destination, errno: .current)
        }
    }

    /// `fsync(2)` of an open descriptor, so a renamed file is on disk before its name is.
    public static func sync(_ descriptor: FileDescriptor, path: String) throws(FileSystemError) {
        if fsync(descriptor.rawValue) != 0 {
            throw FileSystemError("fsync", path: path, errno: .current)
        }
    }
}
