import Glibc
import Syscalls
import TestSupport
import Testing

/// `UserNS=auto` with chown'ed layer copies (ring 1): with `[UserNS]
/// Layers=copy` in swctl.conf, or by default for an image on a file system
/// without idmapped mounts (overlayfs here), `swctl prepare` runs the
/// container over a copy of the image owned by its range, made once.
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox,
        "needs root, a private cgroup v2 view and busybox-static: runs under Tests/rings/ring1.sh (make check)"))
struct UserNamespaceLayerCopySerialTests {
    static let firstRange: UInt32 = 0x7000_0000

    /// A UserNS=auto definition `copied` under `[UserNS] Layers=layers`.
    static func sandbox(layers: String, image: String? = nil, volume: String = "") throws -> DefinitionSandbox {
        let sandbox = try DefinitionSandbox("userns-copy")
        try sandbox.directory.write("swctl.conf", "[UserNS]\nLayers=\(layers)\n")
        try sandbox.define(
            "copied",
            """
            [Container]
            Image=\(image ?? sandbox.image)
            Network=none
            UserNS=auto
            \(volume)
            Exec=/bin/sh -c 'echo "passwd=$(stat -c %u /etc/passwd)"; echo "bin=$(stat -c %u:%g /bin)"; \
            touch /rootfile && echo wrote'

            """)
        return sandbox
    }

    static func inode(_ path: String) -> UInt64? {
        var info = stat()
        return lstat(path, &info) == 0 ? UInt64(info.st_ino) : nil
    }

    @Test func layersCopyRunsTheContainerOverACopyItsRangeOwns() throws {
        let setup = try Self.sandbox(layers: "copy")
        defer { setup.remove() }
        let result = try setup.run("copied")
        #expect(result.code == 0, "\(result.standardError)")
        #expect(result.standardOutput == "passwd=0\nbin=0:0\nwrote\n")
        let copy = try #require(setup.layerCopy(), "no copy under \(setup.layerCopyDirectory)")
        #expect((try FileSystem.status(copy + "/etc/passwd"))?.uid == Self.firstRange)
        #expect((try FileSystem.status(copy + "/bin"))?.gid == Self.firstRange)
        // The image itself is untouched.
        #expect((try FileSystem.status(setup.image + "/etc/passwd"))?.uid == 0)

        // The next start uses the same copy.
        let inode = Self.inode(copy + "/etc/passwd")
        let again = try setup.run("copied")
        #expect(again.standardOutput == "passwd=0\nbin=0:0\nwrote\n", "\(again.standardError)")
        #expect(setup.layerCopy() == copy)
        #expect(Self.inode(copy + "/etc/passwd") == inode)
    }

    @Test func anImageOnOverlayfsIsCopiedUnderAutoAndRefusedUnderIdmap() throws {
        // overlayfs has no idmapped mounts: an image seen through one.
        let scratch = try TemporaryDirectory("userns-ovl")
        defer { scratch.remove() }
        let merged = scratch.path + "/merged"
        for name in ["upper", "work", "merged"] { try FileSystem.makeDirectories(scratch.path + "/" + name) }
        let setup = try Self.sandbox(layers: "idmap", image: merged)
        defer { setup.remove() }
        try Overlay.mount(
            lower: [setup.image], upper: scratch.path + "/upper", work: scratch.path + "/work", target: merged)
        defer { try? Mounts.unmount(merged, detach: true) }

        let refused = try setup.prepare("copied")
        #expect(refused.code != 0)
        #expect(refused.standardError.contains("its file system has no idmapped mounts"), "\(refused.standardError)")
        #expect(setup.layerCopy() == nil)

        try setup.directory.write("swctl.conf", "[UserNS]\nLayers=auto\n")
        let result = try setup.run("copied")
        #expect(result.code == 0, "\(result.standardError)")
        #expect(result.standardOutput == "passwd=0\nbin=0:0\nwrote\n")
        #expect(setup.layerCopy() != nil)
    }
}

extension DefinitionSandbox {
    fileprivate var layerCopyDirectory: String {
        "\(directory.path)/lib/userns/copies/\(UserNamespaceLayerCopySerialTests.firstRange)-65536/dirs"
    }

    /// The one copy made, nil when there is none.
    fileprivate func layerCopy() -> String? {
        guard let entries = try? FileSystem.listDirectory(layerCopyDirectory), entries.count == 1 else { return nil }
        return layerCopyDirectory + "/" + entries[0].name
    }
}
