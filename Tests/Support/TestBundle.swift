import Syscalls

/// An OCI bundle in a temporary directory: a busybox rootfs and a
/// config.json the test encodes (TestSupport itself does not depend on the
/// OCI model).
public struct TestBundle: Sendable {
    public let directory: TemporaryDirectory
    public var path: String { directory.path }
    public var rootfs: String { directory.path + "/rootfs" }

    /// Makes the bundle with `config` as config.json.
    public init(config: [UInt8], prefix: String = "bundle") throws {
        directory = try TemporaryDirectory(prefix)
        try FileSystem.makeDirectories(directory.path + "/rootfs")
        try Busybox.makeRootfs(at: directory.path + "/rootfs")
        try writeConfig(config)
    }

    public func writeConfig(_ config: [UInt8]) throws {
        try FileSystem.writeFileAtomically(path + "/config.json", contents: config)
    }

    public func remove() { directory.remove() }
}

/// Locates the built `swctl-runtime`: `$SWCTL_RUNTIME_BIN`, else next to the
/// test bundle in the build directory.
public enum BuiltProducts {
    public static func runtime() -> String? {
        if let path = Identity.environment("SWCTL_RUNTIME_BIN"), FileSystem.exists(path) { return path }
        guard let executable = try? FileSystem.readLink("/proc/self/exe") else { return nil }
        var directory = FileSystem.parentDirectory(of: executable)
        // swift test runs .build/debug/swctlPackageTests.xctest (a file on Linux).
        for _ in 0..<4 {
            let candidate = directory + "/swctl-runtime"
            if FileSystem.exists(candidate) { return candidate }
            directory = FileSystem.parentDirectory(of: directory)
        }
        return nil
    }
}
