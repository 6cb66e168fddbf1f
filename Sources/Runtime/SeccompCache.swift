import ImageSpec
import JSON
import OCI
import Syscalls

/// Compiled seccomp filters on disk, keyed by the sha256 of the seccomp
/// object's JSON, so starting the same profile again skips libseccomp.
/// A cached program is only an optimization: a missing, unreadable or
/// unwritable cache just means compiling.
struct SeccompCache {
    let directory: String

    /// Beside the containers' state, under the runtime's `--root`.
    init(root: String) { directory = root + "/.seccomp-cache" }

    /// The file for `seccomp`: the format version and the JSON are hashed,
    /// so a changed profile or a new program layout gets a new file.
    func path(for seccomp: Seccomp) -> String? {
        guard let json = try? JSONEncoder().encode(seccomp) else { return nil }
        var hash = SHA256()
        hash.update(Array("swctl-seccomp-v1\n".utf8))
        hash.update(json)
        return directory + "/" + hash.finalizeHex() + ".bpf"
    }

    /// The cached program (`struct sock_filter` instructions, 8 bytes
    /// each), or `compile`'s result, stored for the next start.
    func program(
        for seccomp: Seccomp, compile: (Seccomp) throws(RuntimeError) -> [UInt8]
    ) throws(RuntimeError) -> [UInt8] {
        guard let path = path(for: seccomp) else { return try compile(seccomp) }
        if let bytes = try? FileSystem.readFile(path), !bytes.isEmpty, bytes.count % 8 == 0 {
            return bytes
        }
        let bytes = try compile(seccomp)
        if (try? FileSystem.makeDirectories(directory, permissions: 0o700)) != nil {
            try? FileSystem.writeFileAtomically(path, contents: bytes, permissions: 0o600)
        }
        return bytes
    }
}
