import Glibc
import Syscalls
import TestSupport
import Testing

/// `UserNS=auto` end to end on the host (ring 1): `swctl prepare` allocates
/// each container a range of unprivileged host IDs and idmaps the image's
/// layers, `swctl-runtime` runs the bundle; what the container's root
/// creates in a volume belongs to that range on the host.
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox,
        "needs root, a private cgroup v2 view and busybox-static: runs under Tests/rings/ring1.sh (make check)"))
struct UserNamespaceDefinitionSerialTests {
    /// The first two ranges of the pool (0x70000000, then the next 65536 block).
    static let firstRange: UInt32 = 0x7000_0000
    static let secondRange: UInt32 = 0x7001_0000

    struct Setup {
        let directory: TemporaryDirectory
        let harness: RuntimeHarness
        let swctl: String
        var environment: [String] {
            [
                "SWCTL_ROOT=\(directory.path)/lib", "SWCTL_RUN=\(directory.path)/run",
                "SWCTL_DEFINITIONS_PATH=\(directory.path)/defs",
            ]
        }

        init() throws {
            directory = try TemporaryDirectory("userns-def")
            harness = try RuntimeHarness()
            swctl = FileSystem.parentDirectory(of: harness.runtime) + "/swctl"
            // The mapped root reaches its root filesystem through here.
            chmod(directory.path, 0o711)
            try Busybox.makeRootfs(at: directory.path + "/rootfs")
            try FileSystem.makeDirectories(directory.path + "/vol")
            chmod(directory.path + "/vol", 0o1777)
            for name in ["alpha", "beta"] {
                try directory.write(
                    "defs/\(name).container",
                    """
                    [Container]
                    Image=\(directory.path)/rootfs
                    Network=none
                    UserNS=auto
                    Volume=\(directory.path)/vol:/vol
                    Exec=/bin/sh -c 'echo "map=$(tr -s " " </proc/self/uid_map)"; echo "id=$(id -u)"; \
                    echo "passwd=$(stat -c %u /etc/passwd)"; touch /vol/$(hostname) /rootfile && echo wrote'

                    """)
            }
        }

        func remove() {
            harness.remove()
            directory.remove()
        }

        /// prepare, run to the end, cleanup: the container's output.
        func run(_ name: String) throws -> Subprocess.Result {
            let prepare = try Subprocess.run(swctl, ["prepare", name], addingEnvironment: environment)
            #expect(prepare.code == 0, "\(prepare.standardError)")
            let result = try harness(["run", "-b", "\(directory.path)/run/bundles/\(name)", RuntimeHarness.id(name)])
            let cleanup = try Subprocess.run(swctl, ["cleanup", name], addingEnvironment: environment)
            #expect(cleanup.code == 0, "\(cleanup.standardError)")
            return result
        }

        func owner(_ path: String) -> UInt32? {
            (try? FileSystem.status(directory.path + "/" + path)).flatMap { $0 }.map(\.uid)
        }
    }

    @Test func twoContainersGetDisjointUnprivilegedRangesTheyKeep() throws {
        let setup = try Setup()
        defer { setup.remove() }
        let alpha = try setup.run("alpha")
        #expect(alpha.code == 0, "\(alpha.standardError)")
        // Root inside, an unprivileged host ID outside; the image's files
        // (owned by host root) are the container root's.
        #expect(alpha.standardOutput == "map= 0 \(Self.firstRange) 65536\nid=0\npasswd=0\nwrote\n")
        #expect(setup.owner("vol/alpha") == Self.firstRange)

        let beta = try setup.run("beta")
        #expect(beta.code == 0, "\(beta.standardError)")
        #expect(beta.standardOutput.hasPrefix("map= 0 \(Self.secondRange) 65536\n"))
        #expect(setup.owner("vol/beta") == Self.secondRange)

        // A restart keeps the range.
        let again = try setup.run("alpha")
        #expect(again.standardOutput.hasPrefix("map= 0 \(Self.firstRange) 65536\n"), "\(again.standardError)")
        let table = try FileSystem.readTextFile(setup.directory.path + "/lib/userns/ranges")
        #expect(table.hasSuffix("alpha \(Self.firstRange) 65536\nbeta \(Self.secondRange) 65536\n"))
    }
}
