import Syscalls

/// Reads `name` from the Fixtures directory next to the calling test file
/// (empty when it is missing, so the test's own expectation fails).
public func fixture(_ name: String, filePath: String = #filePath) -> [UInt8] {
    (try? FileSystem.readFile(FileSystem.parentDirectory(of: filePath) + "/Fixtures/" + name)) ?? []
}
