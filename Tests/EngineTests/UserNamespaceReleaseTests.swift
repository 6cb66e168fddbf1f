import Definitions
import Syscalls
import TestSupport
import Testing

@testable import Engine

/// Freeing `UserNS=auto` ranges (`swctl rm`, `swctl userns prune`): the
/// table loses the entry, the range's layer copies go, others stay.
struct UserNamespaceReleaseTests {
    @Test func releasingANameFreesItsRangeAndCopiesOnly() throws {
        let directory = try TemporaryDirectory("userns-release")
        defer { directory.remove() }
        let paths = StatePaths(persistentRoot: directory.path + "/lib", volatileRoot: directory.path + "/run")
        let allocator = UserNamespaceAllocator(paths: paths)
        let web = try allocator.range(for: "web", size: 65536)
        let db = try allocator.range(for: "db", size: 65536)
        for range in [web, db] {
            try FileSystem.makeDirectories(allocator.copies.rangeDirectory(uid: [range], gid: [range]) + "/dirs/x")
        }

        let freed = try allocator.release(["web", "never-allocated"])
        #expect(freed.map(\.name) == ["web"])
        #expect(try allocator.entries().map(\.name) == ["db"])
        #expect(!FileSystem.exists(allocator.copies.rangeDirectory(uid: [web], gid: [web])))
        #expect(FileSystem.exists(allocator.copies.rangeDirectory(uid: [db], gid: [db]) + "/dirs/x"))

        // The freed block is handed out again, first fit.
        #expect(try allocator.range(for: "cache", size: 65536) == web)
        // Releasing again is no error.
        #expect(try allocator.release(["web"]).isEmpty)
    }

    @Test func noTableMeansNoRanges() throws {
        let directory = try TemporaryDirectory("userns-empty")
        defer { directory.remove() }
        let allocator = UserNamespaceAllocator(paths: StatePaths(persistentRoot: directory.path))
        #expect(try allocator.entries().isEmpty)
        #expect(try allocator.release(["web"]).isEmpty)
    }
}
