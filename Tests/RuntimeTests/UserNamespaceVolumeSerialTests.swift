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

    struct Setup {
        let directory: TemporaryDirectory
        let harness: RuntimeHarness
        let swctl: String
        var environment: [String] {
            [
                "SWCTL_ROOT=\(directory.path)/lib", "SWCTL_RUN=\(directory.path)/run",
                "SWCTL_DEFINITIONS_PATH=\(directory.path)/defs", "SWCTL_CONFIG=\(directory.path)/swctl.conf",
            ]
        }

        init(userNamespace: String, volume: String, script: String) throws {
            directory = try TemporaryDirectory("userns-vol")
            harness = try RuntimeHarness()
            swctl = FileSystem.parentDirectory(of: harness.runtime) + "/swctl"
            chmod(directory.path, 0o711)
            try Busybox.makeRootfs(at: directory.path + "/rootfs")
            // Root-owned, 0755: the container's root can write here only as the host's root.
            try directory.write("vol/hostfile", "from the host\n")
            chmod(directory.path + "/vol", 0o755)
            try directory.write(
                "defs/vol.container",
                """
                [Container]
                Image=\(directory.path)/rootfs
                Network=none
                \(userNamespace)
                Volume=\(directory.path)/vol:/vol:\(volume)
                Exec=/bin/sh -c '\(script)'

                """)
        }

        func remove() {
            harness.remove()
            directory.remove()
        }

        func prepare() throws -> Subprocess.Result {
            try Subprocess.run(swctl, ["prepare", "vol"], addingEnvironment: environment)
        }

        func run() throws -> Subprocess.Result {
            let prepare = try prepare()
            #expect(prepare.code == 0, "\(prepare.standardError)")
            let result = try harness(["run", "-b", "\(directory.path)/run/bundles/vol", RuntimeHarness.id("vol")])
            let cleanup = try Subprocess.run(swctl, ["cleanup", "vol"], addingEnvironment: environment)
            #expect(cleanup.code == 0, "\(cleanup.standardError)")
            return result
        }

        func owner(_ path: String) -> [UInt32]? {
            (try? FileSystem.status(directory.path + "/" + path, followSymlinks: false)).flatMap { $0 }.map {
                [$0.uid, $0.gid]
            }
        }
    }

    static let script = "echo \"host=$(stat -c %u:%g /vol/hostfile)\"; touch /vol/made && echo wrote"

    @Test func anIdmappedVolumeIsTheContainerRootsAndWritesAsTheHostsRoot() throws {
        let setup = try Setup(userNamespace: "UserNS=auto", volume: "idmap", script: Self.script)
        defer { setup.remove() }
        let result = try setup.run()
        #expect(result.code == 0, "\(result.standardError)")
        #expect(result.standardOutput == "host=0:0\nwrote\n")
        #expect(setup.owner("vol/made") == [0, 0])
        #expect(setup.owner("vol/hostfile") == [0, 0])
    }

    @Test func withoutIdmapTheSameVolumeIsNobodysAndReadOnlyToTheContainer() throws {
        let setup = try Setup(userNamespace: "UserNS=auto", volume: "rw", script: Self.script)
        defer { setup.remove() }
        let result = try setup.run()
        #expect(result.standardOutput.hasPrefix("host=65534:65534\n"), "\(result.standardError)")
        #expect(!result.standardOutput.contains("wrote"))
        #expect(setup.owner("vol/made") == nil)
    }

    @Test func volumeUChownsTheSourceToTheContainersRoot() throws {
        let setup = try Setup(userNamespace: "UserNS=auto", volume: "U", script: Self.script)
        defer { setup.remove() }
        try FileSystem.makeDirectories(setup.directory.path + "/vol/sub")
        #expect(symlink("/etc/passwd", setup.directory.path + "/vol/sub/link") == 0)
        let result = try setup.run()
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
        let setup = try Setup(userNamespace: "", volume: "idmap", script: "true")
        defer { setup.remove() }
        let result = try setup.prepare()
        #expect(result.code != 0)
        #expect(result.standardError.contains("idmap needs a user namespace (set UserNS=auto, or UIDMap= and GIDMap=)"))
    }
}
