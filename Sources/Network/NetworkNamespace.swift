import Syscalls

/// A network namespace kept alive by a bind mount of its nsfs file (as
/// `ip netns add` does), so it exists before the container's first process
/// and a second container can join it by path.
public enum NetworkNamespace {
    /// Makes a new network namespace, bind-mounts it on `path`, and runs
    /// `inside` while the calling thread is in it (sockets made there stay
    /// bound to it). The thread is back in its own namespace on return.
    public static func create<T>(
        at path: String, inside: () throws(NetworkError) -> T
    ) throws(NetworkError) -> T {
        let own: FileDescriptor
        do { own = try FileDescriptor.open("/proc/thread-self/ns/net") } catch {
            throw NetworkError("create network namespace \(path): \(error)")
        }
        defer { own.close() }
        do {
            let file = try FileDescriptor.open(path, [.writeOnly, .create, .exclusive], permissions: 0o444)
            file.close()
            try Namespaces.unshare(.network, operation: "unshare network namespace")
        } catch {
            try? FileSystem.removeFile(path)
            throw NetworkError("create network namespace \(path): \(error)")
        }
        var result: Result<T, NetworkError>
        do {
            try Mounts.mount(source: "/proc/thread-self/ns/net", target: path, type: nil, flags: .bind)
            do throws(NetworkError) { result = .success(try inside()) } catch { result = .failure(error) }
        } catch {
            result = .failure(NetworkError("create network namespace \(path): \(error)"))
        }
        do {
            try Namespaces.join(own, kind: .network, path: "/proc/thread-self/ns/net")
        } catch {
            // The thread cannot go back: nothing it would do next belongs in
            // the container's namespace.
            fatalError("return to the host's network namespace: \(error)")
        }
        if case .failure = result { remove(at: path) }
        return try result.get()
    }

    /// Runs `body` with the calling thread in the namespace mounted at `path`.
    public static func within<T>(
        _ path: String, _ body: () throws(NetworkError) -> T
    ) throws(NetworkError) -> T {
        let own: FileDescriptor
        let target: FileDescriptor
        do {
            own = try FileDescriptor.open("/proc/thread-self/ns/net")
        } catch {
            throw NetworkError("enter network namespace \(path): \(error)")
        }
        defer { own.close() }
        do { target = try FileDescriptor.open(path) } catch {
            throw NetworkError("enter network namespace \(path): \(error)")
        }
        defer { target.close() }
        do { try Namespaces.join(target, kind: .network, path: path) } catch {
            throw NetworkError("enter network namespace \(path): \(error)")
        }
        let result: Result<T, NetworkError>
        do throws(NetworkError) { result = .success(try body()) } catch { result = .failure(error) }
        do {
            try Namespaces.join(own, kind: .network, path: "/proc/thread-self/ns/net")
        } catch {
            fatalError("return to the host's network namespace: \(error)")
        }
        return try result.get()
    }

    /// Unmounts and removes `path`; nothing there is no error. The kernel
    /// frees the namespace (and the veth end in it) once no process is in it.
    public static func remove(at path: String) {
        try? Mounts.unmount(path, detach: true)
        try? FileSystem.removeFile(path)
    }

    /// The mount points under `directory` (from /proc/self/mountinfo): the
    /// namespaces that are alive.
    public static func mounted(in directory: String) -> Set<String> {
        guard let text = try? FileSystem.readTextFile("/proc/self/mountinfo") else { return [] }
        var result: Set<String> = []
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 5)
            guard fields.count > 4, fields[4].hasPrefix(prefix) else { continue }
            result.insert(String(fields[4]))
        }
        return result
    }
}
