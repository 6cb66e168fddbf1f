import CShim
import ImageSpec
import ImageStore
import Syscalls
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Hostile layers beyond LayerUnpackerTests: whiteouts and opaque markers
/// aimed through symlinks, sizes that announce more than the archive holds,
/// and a refused layer through the store (nothing left under layers/).
@Suite struct HostileLayerTests {
    private let symlink = UInt8(ascii: "2")
    private let hardLink = UInt8(ascii: "1")
    private let directory = UInt8(ascii: "5")

    private func unpack(_ builder: TarBuilder, into layer: String) throws -> LayerUnpacker.Report {
        try FileSystem.makeDirectories(layer)
        var reader = TarReader(source: builder.source())
        return try LayerUnpacker().unpack(&reader, into: layer)
    }

    /// `link/.wh.victim` where `link` points outside: the host file stays.
    @Test(.enabled(if: Ring.isRoot, "a whiteout is a 0:0 character device: mknod needs root; runs as root"))
    func aWhiteoutThroughASymlinkStaysInside() throws {
        try TemporaryDirectory.with("hostile") { (scratch: TemporaryDirectory) throws(any Error) in
            try scratch.write("outside/victim", "keep")
            for target in [scratch.path + "/outside", "../outside"] {
                var builder = TarBuilder()
                builder.add("link", type: symlink, linkName: target)
                builder.add("link/.wh.victim")
                _ = try? unpack(builder, into: scratch.path + "/layer")
                #expect(try FileSystem.readTextFile(scratch.path + "/outside/victim") == "keep")
                #expect(try FileSystem.status(scratch.path + "/outside/victim")?.kind == .regular)
            }
        }
    }

    /// `.wh..` and `.wh.` hide nothing: a whiteout never removes its own directory or parent.
    @Test func dotWhiteoutsRemoveNothing() throws {
        try TemporaryDirectory.with("hostile") { (scratch: TemporaryDirectory) throws(any Error) in
            var builder = TarBuilder()
            builder.add("etc/hostname", content: Array("box\n".utf8))
            builder.add("etc/.wh..")
            builder.add("etc/.wh.")
            let layer = scratch.path + "/layer"
            let report = try unpack(builder, into: layer)
            #expect(report.whiteouts.isEmpty)
            #expect(try FileSystem.readTextFile(layer + "/etc/hostname") == "box\n")
        }
    }

    /// `link/.wh..wh..opq` where `link` points at a host directory: the
    /// opaque xattr is never set on it.
    @Test(.enabled(if: Ring.isRoot, "trusted.* xattrs need root; runs as root"))
    func anOpaqueMarkerThroughASymlinkStaysInside() throws {
        try TemporaryDirectory.with("hostile") { (scratch: TemporaryDirectory) throws(any Error) in
            try FileSystem.makeDirectories(scratch.path + "/outside")
            var builder = TarBuilder()
            builder.add("link", type: symlink, linkName: scratch.path + "/outside")
            builder.add("link/.wh..wh..opq")
            _ = try? unpack(builder, into: scratch.path + "/layer")
            var value = [UInt8](repeating: 0, count: 8)
            let size = lgetxattr(scratch.path + "/outside", "trusted.overlay.opaque", &value, value.count)
            #expect(size < 0, "the host directory got trusted.overlay.opaque")
        }
    }

    /// A directory member replaces a symlink of the same name; its mode is
    /// never applied to the symlink's target.
    @Test func aDirectoryReplacesASymlinkWithoutTouchingItsTarget() throws {
        try TemporaryDirectory.with("hostile") { (scratch: TemporaryDirectory) throws(any Error) in
            try FileSystem.makeDirectories(scratch.path + "/outside", permissions: 0o700)
            var builder = TarBuilder()
            builder.add("d", type: symlink, linkName: scratch.path + "/outside")
            builder.add("d/", type: directory, mode: 0o777)
            let layer = scratch.path + "/layer"
            _ = try unpack(builder, into: layer)
            #expect(try FileSystem.status(scratch.path + "/outside")?.permissions == 0o700)
            #expect(try FileSystem.status(layer + "/d", followSymlinks: false)?.kind == .directory)
        }
    }

    /// A hard link to a symlink that points out links the symlink, not the host file.
    @Test func aHardLinkToAnEscapingSymlinkLinksTheSymlink() throws {
        try TemporaryDirectory.with("hostile") { (scratch: TemporaryDirectory) throws(any Error) in
            try scratch.write("secret", "host")
            var builder = TarBuilder()
            builder.add("s", type: symlink, linkName: scratch.path + "/secret")
            builder.add("h", type: hardLink, linkName: "s")
            let layer = scratch.path + "/layer"
            _ = try unpack(builder, into: layer)
            #expect(try FileSystem.status(layer + "/h", followSymlinks: false)?.kind == .symlink)
            var info = stat()
            #expect(lstat(scratch.path + "/secret", &info) == 0 && info.st_nlink == 1)
        }
    }

    /// Headers that announce terabytes (octal, GNU base-256, PAX) end in a
    /// clear error once the archive runs out, without allocating the size.
    @Test(arguments: ["octal", "pax"])
    func hugeAnnouncedSizesAreRefused(kind: String) throws {
        try TemporaryDirectory.with("hostile") { (scratch: TemporaryDirectory) throws(any Error) in
            var builder = TarBuilder()
            if kind == "pax" {
                builder.pax([("size", "1099511627776")])  // 1 TiB
                builder.add("big", content: [1, 2, 3])
            } else {
                builder.add("big", content: [1, 2, 3], size: 0o77_777_777_777)  // 8 GiB
            }
            #expect {
                try unpack(builder, into: scratch.path + "/layer")
            } throws: { error in
                "\(error)".contains("truncated") || "\(error)".contains("exceeds")
            }
        }
    }

    /// Through the store: a refused layer leaves no layer directory, not even a temporary one.
    @Test func aRefusedLayerLeavesNothingInTheStore() throws {
        try TemporaryDirectory.with("hostile") { (scratch: TemporaryDirectory) throws(any Error) in
            var builder = TarBuilder()
            builder.add("ok", content: [1])
            builder.add("a/../../escaped", content: [1])
            let store = ImageStore(stateRoot: scratch.path + "/state")
            let digest = try store.content.ingest(builder.archive)
            let layer = Descriptor(mediaType: MediaType.ociLayer, digest: digest, size: Int64(builder.archive.count))
            var message = ""
            #expect {
                try store.unpackLayer(layer, diffID: digest)
            } throws: { error in
                message = "\(error)"
                return true
            }
            #expect(message == "unpack layer \(digest): member 'a/../../escaped': '..' would leave the layer")
            #expect(try FileSystem.listDirectory(store.layersDirectory).isEmpty)
            #expect(!FileSystem.exists(scratch.path + "/escaped"))
        }
    }
}
