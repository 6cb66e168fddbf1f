import JSON
import OCI
import Syscalls

/// What the runtime remembers about a container: `ROOT/ID/state.json`.
struct ContainerRecord: Codable, Equatable {
    var ociVersion = ociSpecVersion
    var id: String
    /// The container's init, in the runtime's PID namespace.
    var pid: Int32
    /// With `pid`, names the process uniquely (PIDs are reused).
    var pidStartTime: UInt64
    var bundle: String
    var rootfs: String
    /// The cgroup2 mount point and the container's cgroup below it.
    var cgroupMountPoint: String?
    var cgroupPath: String?
    /// Cgroup directories this runtime made, removed by `delete` deepest first.
    var createdCgroupDirectories: [String]
    var annotations: [String: String]?
    /// RFC 3339 creation time.
    var created: String
    /// `created` or `running` when written; the live status is derived.
    var status: ContainerStatus
    /// The spec's hooks: poststart runs at `start`, poststop at `delete`.
    var hooks: Hooks? = nil
    /// The transient scope systemd made for the container (systemd cgroup
    /// driver); `delete` stops it.
    var systemdScope: String? = nil
}

/// Container state on disk, one directory per container under `root`.
struct StateStore {
    let root: String

    func directory(_ id: String) -> String { root + "/" + id }
    func file(_ id: String) -> String { directory(id) + "/state.json" }
    /// The FIFO a created container's init waits on until `start`.
    func fifo(_ id: String) -> String { directory(id) + "/exec.fifo" }

    /// Container IDs become directory names: runc's alphabet plus `@` (a
    /// template instance's `web@blue`), no `.`/`..`.
    static func validate(_ id: String) throws(RuntimeError) {
        let allowed = id.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "-"),
                UInt8(ascii: "."), UInt8(ascii: "@"):
                return true
            default:
                return false
            }
        }
        // A leading dot is refused: names beginning with one are the runtime's
        // own under the state root (the seccomp cache).
        guard allowed, !id.isEmpty, !id.hasPrefix("."), id.utf8.count <= 1024 else { throw .invalidID(id) }
    }

    /// Makes the container's directory; fails if the ID is taken. The
    /// directory is the lock: only one `run` can make it.
    func claim(_ id: String) throws(RuntimeError) {
        do {
            try FileSystem.makeDirectories(root, permissions: 0o711)
        } catch {
            throw .system(SyscallError("make directory \(root)", errno: error.errno))
        }
        do {
            try Directory.makeExclusive(directory(id))
        } catch {
            if error.errno == .fileExists { throw .alreadyExists(id) }
            throw .system(error)
        }
    }

    func save(_ record: ContainerRecord) throws(RuntimeError) {
        do {
            let bytes = try JSONEncoder(outputFormatting: [.sortedKeys]).encode(record)
            try FileDescriptor.replaceFile(file(record.id), bytes)
        } catch let error as SyscallError {
            throw .system(error)
        } catch {
            throw .system(SyscallError("write \(file(record.id))", errno: .invalidArgument))
        }
    }

    func load(_ id: String) throws(RuntimeError) -> ContainerRecord {
        let bytes: [UInt8]
        do {
            bytes = try FileDescriptor.readFile(file(id))
        } catch {
            if error.errno == .noSuchFileOrDirectory { throw .notFound(id) }
            throw .system(error)
        }
        do {
            return try JSONDecoder().decode(ContainerRecord.self, from: bytes)
        } catch {
            throw .readSpec(file(id), "\(error)")
        }
    }

    /// Whether a directory for `id` exists (also half-made ones without state.json).
    func exists(_ id: String) -> Bool { Directory.exists(directory(id)) }

    /// Removes the container's directory and what is in it; a missing one is fine.
    func remove(_ id: String) throws(RuntimeError) {
        do {
            try FileSystem.removeFile(file(id))
            try FileSystem.removeFile(file(id) + ".tmp")
            try FileSystem.removeFile(fifo(id))
        } catch {
            throw .system(SyscallError("remove \(error.path)", errno: error.errno))
        }
        do { try Directory.remove(directory(id)) } catch { throw .system(error) }
    }
}
