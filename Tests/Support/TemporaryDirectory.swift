import Syscalls

#if canImport(Glibc)
    import Glibc
#endif

/// A directory under /tmp that exists for the life of `body`.
public struct TemporaryDirectory: Sendable {
    public let path: String

    /// Makes a fresh directory `/tmp/swctl-test-PREFIX.XXXXXX`.
    public init(_ prefix: String = "test") throws {
        var template = Array("/tmp/swctl-test-\(prefix).XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkdtemp($0) != nil } ?? false
        }
        guard made else { throw SyscallError("mkdtemp /tmp/swctl-test-\(prefix)", errno: Errno(rawValue: errno)) }
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Removes the directory and everything in it.
    public func remove() {
        try? FileSystem.removeTree(path)
    }

    /// Runs `body` with a fresh directory and removes it afterwards.
    public static func with<R>(_ prefix: String = "test", _ body: (TemporaryDirectory) throws -> R) throws -> R {
        let directory = try TemporaryDirectory(prefix)
        defer { directory.remove() }
        return try body(directory)
    }

    /// Writes a text file below the directory, making parents.
    public func write(_ relativePath: String, _ text: String) throws {
        let path = self.path + "/" + relativePath
        try FileSystem.makeDirectories(FileSystem.parentDirectory(of: path))
        try FileSystem.writeFileAtomically(path, text: text)
    }
}
