import Syscalls

#if canImport(Glibc)
    import Glibc
#endif

/// Root filesystems made of Debian's static busybox (`apt-get install
/// busybox-static`): one hard-linked binary and a symlink per applet.
public enum Busybox {
    public static let path = "/bin/busybox"

    /// Builds a root filesystem in `directory` (which must exist): bin/ with
    /// busybox and its applets, the usual empty directories, /etc/passwd and
    /// /etc/group with root, nobody and a user 1000.
    public static func makeRootfs(at directory: String) throws {
        for sub in ["bin", "sbin", "usr/bin", "usr/sbin", "etc", "root", "tmp", "proc", "sys", "dev", "run", "var/tmp"]
        {
            try FileSystem.makeDirectories(directory + "/" + sub)
        }
        let binary = directory + "/bin/busybox"
        if link(path, binary) != 0 {
            // Another file system: copy.
            let bytes = try FileSystem.readFile(path)
            try FileSystem.writeFileAtomically(binary, contents: bytes, permissions: 0o755)
        }
        for applet in try applets() where applet != "busybox" {
            _ = symlink("busybox", directory + "/bin/" + applet)
        }
        try FileSystem.writeFileAtomically(
            directory + "/etc/passwd",
            text:
                "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\nuser:x:1000:1000::/tmp:/bin/sh\n"
        )
        try FileSystem.writeFileAtomically(
            directory + "/etc/group", text: "root:x:0:\ntty:x:5:\nnogroup:x:65534:\nuser:x:1000:\n")
    }

    /// The applet names busybox offers (`busybox --list`), read once.
    public static func applets() throws -> [String] {
        let result = try Subprocess.run(path, ["--list"])
        return result.standardOutput.split(separator: "\n").map(String.init)
    }
}
