import Glibc
import Syscalls
import TestSupport
import Testing

/// Volumes of a `UserNS=auto` container (ring 1): `:idmap` shows the
/// host's root-owned files as the container root's and writes back as the
/// host's root; `:U` chowns the source to the container's root as the host
/// sees it, so the container writes there without a world-writable mode.
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox,
        "needs root, a private cgroup v2 view and busybox-static: runs under Tests/rings/ring1.sh (make check)"))
struct UserNamespaceVolumeSerialTests {
    static let firstRange: UInt32 = 0x7000_0000

    /// A sandbox with a root-owned 0755 volume holding a host file: the
    /// container's root can write there only as the host's root.
    static func sandbox(userNamespace: String, volume: String, script: String) throws -> DefinitionSandbox {
        let sandbox = try DefinitionSandbox("userns-vol")
        try sandbox.directory.write("vol/hostfile", "from the host\n")
        chmod(sandbox.directory.path + "/vol", 0o755)
        try sandbox.define(
            "vol",
            """
            [Container]
            Image=\(sandbox.image)
            Network=none
            \(userNamespace)
            Volume=\(sandbox.directory.path)/vol:/vol:\(volume)
            Exec=/bin/sh -c '\(script)'

            """)
        return sandbox
    }

    static let script = "echo \"host=$(stat -c %u:%g /vol/hostfile)\"; touch /vol/made && echo wrote"

    @Test func anIdmappedVolumeIsTheContainerRootsAndWritesAsTheHostsRoot() throws {
        let setup = try Self.sandbox(userNamespace: "UserNS=auto", volume: "idmap", script: Self.script)
        defer { setup.remove() }
        let result = try setup.run("vol")
        #expect(result.code == 0, "\(result.standardError)")
        #expect(result.standardOutput == "host=0:0\nwrote\n")
        #expect(setup.owner("vol/made") == [0, 0])
        #expect(setup.owner("vol/hostfile") == [0, 0])
    }

    @Test func withoutIdmapTheSameVolumeIsNobodysAndReadOnlyToTheContainer() throws {
        let setup = try Self.sandbox(userNamespace: "UserNS=auto", volume: "rw", script: Self.script)
        defer { setup.remove() }
        let result = try setup.run("vol")
        #expect(result.standardOutput.hasPrefix("host=65534:65534\n"), "\(result.standardError)")
        #expect(!result.standardOutput.contains("wrote"))
        #expect(setup.owner("vol/made") == nil)
    }

    @Test func volumeUChownsTheSourceToTheContainersRoot() throws {
        let setup = try Self.sandbox(userNamespace: "UserNS=auto", volume: "U", script: Self.script)
        defer { setup.remove() }
        try FileSystem.makeDirectories(setup.directory.path + "/vol/sub")
        #expect(symlink("/etc/passwd", setup.directory.path + "/vol/sub/link") == 0)
        let result = try setup.run("vol")
        #expect(result.code == 0, "\(result.standardError)")
        #expect(result.standardOutput == "host=0:0\nwrote\n")
        let root = Self.firstRange
        #expect(setup.owner("vol") == [root, root])
        #expect(setup.owner("vol/hostfile") == [root, root])
        #expect(setup.owner("vol/sub/link") == [root, root])
        #expect(setup.owner("vol/made") == [root, root])
        // The link's target on the host is untouched.
        #expect((try FileSystem.status("/etc/passwd"))?.uid == 0)
    }

    @Test func idmapWithoutAUserNamespaceIsRefusedByPrepare() throws {
        let setup = try Self.sandbox(userNamespace: "", volume: "idmap", script: "true")
        defer { setup.remove() }
        let result = try setup.prepare("vol")
        #expect(result.code != 0)
        #expect(result.standardError.contains("idmap needs a user namespace (set UserNS=auto, or UIDMap= and GIDMap=)"))
    }
}
