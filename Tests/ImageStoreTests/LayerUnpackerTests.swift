import CShim
import ImageStore
import Syscalls
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Hostile layers: nothing may be written outside the layer directory.
@Suite struct LayerUnpackerTests {
    private let file = UInt8(ascii: "0")
    private let hardLink = UInt8(ascii: "1")
    private let symlink = UInt8(ascii: "2")

    private func unpack(_ builder: TarBuilder, into layer: String, maximumBytes: Int64 = 1 << 30) throws
        -> LayerUnpacker.Report
    {
        try FileSystem.makeDirectories(layer)
        var reader = TarReader(source: builder.source())
        return try LayerUnpacker(maximumBytes: maximumBytes).unpack(&reader, into: layer)
    }

    private func text(_ path: String) -> String? {
        (try? FileSystem.readFile(path)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func unpacksAnOrdinaryLayer() throws {
        try TemporaryDirectory.with("layer") { (directory: TemporaryDirectory) throws(any Error) in
            var builder = TarBuilder()
            builder.add("./etc/", type: UInt8(ascii: "5"), mode: 0o755)
            builder.add("./etc/hostname", content: Array("box\n".utf8), mode: 0o640)
            builder.add("./bin/busybox", content: Array("elf".utf8), mode: 0o755)
            builder.add("./bin/sh", type: symlink, linkName: "busybox")
            builder.add("./bin/ash", type: hardLink, linkName: "./bin/busybox")
            let layer = directory.path + "/layer"
            let report = try unpack(builder, into: layer)
            #expect(report.entries == 5)
            #expect(text(layer + "/etc/hostname") == "box\n")
            #expect(try FileSystem.status(layer + "/etc/hostname")?.permissions == 0o640)
            #expect(try FileSystem.readLink(layer + "/bin/sh") == "busybox")
            #expect(text(layer + "/bin/ash") == "elf")
        }
    }

    @Test func refusesDotDot() throws {
        try TemporaryDirectory.with("layer") { (directory: TemporaryDirectory) throws(any Error) in
            var builder = TarBuilder()
            builder.add("../escaped", content: [1])
            #expect(throws: ImageStoreError.self) { try unpack(builder, into: directory.path + "/layer") }
            #expect(!FileSystem.exists(directory.path + "/escaped"))
            var nested = TarBuilder()
            nested.add("a/../../escaped", content: [1])
            #expect(throws: ImageStoreError.self) { try unpack(nested, into: directory.path + "/layer2") }
            #expect(!FileSystem.exists(directory.path + "/escaped"))
        }
    }

    @Test func absolutePathsLandInsideTheLayer() throws {
        try TemporaryDirectory.with("layer") { (directory: TemporaryDirectory) throws(any Error) in
            var builder = TarBuilder()
            builder.add(directory.path + "/outside", content: Array("x".utf8))
            let layer = directory.path + "/layer"
            _ = try unpack(builder, into: layer)
            #expect(!FileSystem.exists(directory.path + "/outside"))
            #expect(text(layer + directory.path + "/outside") == "x")
        }
    }

    /// A symlink the archive makes, then a member written through it.
    @Test(arguments: ["ABS", "../../..", "../outside-dir"])
    func writesThroughSymlinksStayInside(target: String) throws {
        try TemporaryDirectory.with("layer") { (directory: TemporaryDirectory) throws(any Error) in
            let outside = directory.path + "/outside-dir"
            try FileSystem.makeDirectories(outside)
            var builder = TarBuilder()
            builder.add("link", type: symlink, linkName: target == "ABS" ? outside : target)
            builder.add("link/pwned", content: Array("x".utf8))
            let layer = directory.path + "/layer"
            _ = try? unpack(builder, into: layer)
            #expect(!FileSystem.exists(outside + "/pwned"))
            #expect(try FileSystem.listDirectory(outside).isEmpty)
            #expect(try FileSystem.listDirectory(directory.path).map(\.name).sorted() == ["layer", "outside-dir"])
        }
    }

    /// A member replaces an existing symlink instead of writing to its target.
    @Test func aFileReplacesASymlinkRatherThanFollowingIt() throws {
        try TemporaryDirectory.with("layer") { (directory: TemporaryDirectory) throws(any Error) in
            try directory.write("victim", "safe")
            var builder = TarBuilder()
            builder.add("f", type: symlink, linkName: directory.path + "/victim")
            builder.add("f", content: Array("evil".utf8))
            let layer = directory.path + "/layer"
            _ = try unpack(builder, into: layer)
            #expect(text(directory.path + "/victim") == "safe")
            #expect(text(layer + "/f") == "evil")
            #expect(try FileSystem.status(layer + "/f", followSymlinks: false)?.kind == .regular)
        }
    }

    /// A hard link cannot reach a file outside the layer.
    @Test func hardLinksResolveInsideTheLayer() throws {
        try TemporaryDirectory.with("layer") { (directory: TemporaryDirectory) throws(any Error) in
            try directory.write("secret", "host")
            var absolute = TarBuilder()
            absolute.add("h", type: hardLink, linkName: directory.path + "/secret")
            #expect(throws: (any Error).self) { try unpack(absolute, into: directory.path + "/layer") }
            #expect(!FileSystem.exists(directory.path + "/layer/h"))
            var viaSymlink = TarBuilder()
            viaSymlink.add("up", type: symlink, linkName: directory.path)
            viaSymlink.add("h", type: hardLink, linkName: "up/secret")
            #expect(throws: (any Error).self) { try unpack(viaSymlink, into: directory.path + "/layer2") }
            #expect(!FileSystem.exists(directory.path + "/layer2/h"))
            var dotdot = TarBuilder()
            dotdot.add("h", type: hardLink, linkName: "../secret")
            #expect(throws: ImageStoreError.self) { try unpack(dotdot, into: directory.path + "/layer3") }
        }
    }

    @Test func devicesAreSkipped() throws {
        try TemporaryDirectory.with("layer") { (directory: TemporaryDirectory) throws(any Error) in
            var builder = TarBuilder()
            builder.add("dev/sda", type: UInt8(ascii: "4"), major: 8, minor: 0)
            builder.add("dev/mem", type: UInt8(ascii: "3"), major: 1, minor: 1)
            let layer = directory.path + "/layer"
            let report = try unpack(builder, into: layer)
            #expect(report.skipped == ["/dev/sda", "/dev/mem"])
            #expect(!FileSystem.exists(layer + "/dev/sda"))
            #expect(!FileSystem.exists(layer + "/dev/mem"))
        }
    }

    @Test func stopsAtTheSizeLimit() throws {
        try TemporaryDirectory.with("layer") { (directory: TemporaryDirectory) throws(any Error) in
            var builder = TarBuilder()
            builder.add("big", content: [UInt8](repeating: 0, count: 10_000))
            #expect {
                try unpack(builder, into: directory.path + "/layer", maximumBytes: 4096)
            } throws: { error in
                (error as? ImageStoreError)?.description.contains("exceeds 4096 bytes") == true
            }
        }
    }

    @Test(.enabled(if: Ring.isRoot, "mknod of whiteouts and trusted.* xattrs need root; runs as root on the host"))
    func whiteoutsBecomeOverlayfsWhiteouts() throws {
        try TemporaryDirectory.with("layer") { (directory: TemporaryDirectory) throws(any Error) in
            var builder = TarBuilder()
            builder.add("etc/.wh.motd", content: [])
            builder.add("var/cache/.wh..wh..opq", content: [])
            builder.add("var/cache/new", content: [1])
            builder.pax([("SCHILY.xattr.trusted.overlay.redirect", "/etc")])
            builder.add("sneaky/", type: UInt8(ascii: "5"), mode: 0o755)
            let layer = directory.path + "/layer"
            let report = try unpack(builder, into: layer)
            #expect(report.whiteouts == ["/etc/motd"])
            #expect(report.opaqueDirectories == ["/var/cache"])
            var info = stat()
            #expect(lstat(layer + "/etc/motd", &info) == 0)
            #expect(info.st_mode & S_IFMT == S_IFCHR && info.st_rdev == 0)
            var value = [UInt8](repeating: 0, count: 8)
            let count = lgetxattr(layer + "/var/cache", "trusted.overlay.opaque", &value, value.count)
            #expect(count == 1 && value[0] == UInt8(ascii: "y"))
            #expect(lgetxattr(layer + "/sneaky", "trusted.overlay.redirect", &value, value.count) < 0)
            #expect(text(layer + "/var/cache/new") != nil)
        }
    }
}
