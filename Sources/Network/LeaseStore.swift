import Syscalls

/// The lease file on disk, changed only under its flock: concurrent
/// `swctl prepare`s never hand out one address (or host port) twice.
struct LeaseStore {
    let paths: NetworkPaths

    /// Runs `body` on the leases under the lock and writes back what it returns.
    func update<T>(
        _ body: (inout [Lease]) throws(NetworkError) -> T
    ) throws(NetworkError) -> T {
        let lock: FileLock
        do {
            try FileSystem.makeDirectories(paths.state, permissions: 0o700)
            lock = try FileLock.exclusive(paths.lock)
        } catch {
            throw NetworkError("lock \(paths.lock): \(error)")
        }
        defer { lock.unlock() }
        var leases = read()
        let before = leases
        let result = try body(&leases)
        if leases != before {
            do {
                try FileSystem.writeFileAtomically(paths.leases, text: LeaseFile.render(leases), permissions: 0o600)
            } catch {
                throw NetworkError("write \(paths.leases): \(error)")
            }
        }
        return result
    }

    /// The leases as they are now (no lock: a reader sees the old or the new file).
    func read() -> [Lease] {
        (try? FileSystem.readTextFile(paths.leases)).map(LeaseFile.parse) ?? []
    }
}
