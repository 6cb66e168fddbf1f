import Glibc
import Syscalls
import TestSupport
import Testing

/// `[Service] User=` and `DynamicUser=yes` (ring 1): the container's root is
/// that unprivileged host user (or a range of its own), while `swctl
/// prepare` and the runtime stay root.
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox,
        "needs root, a private cgroup v2 view and busybox-static: runs under Tests/rings/ring1.sh (make check)"))
struct UserNamespaceServiceUserSerialTests {
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

        init(service: String) throws {
            directory = try TemporaryDirectory("userns-svc")
            harness = try RuntimeHarness()
            swctl = FileSystem.parentDirectory(of: harness.runtime) + "/swctl"
            chmod(directory.path, 0o711)
            try Busybox.makeRootfs(at: directory.path + "/rootfs")
            try FileSystem.makeDirectories(directory.path + "/vol")
            chmod(directory.path + "/vol", 0o1777)
            try directory.write(
                "defs/svc.container",
                """
                [Container]
                Image=\(directory.path)/rootfs
                Network=none
                Volume=\(directory.path)/vol:/vol
                Exec=/bin/sh -c 'echo "map=$(tr -s " " </proc/self/uid_map)"; echo "id=$(id -u)"; touch /vol/made && echo wrote'

                [Service]
                \(service)

                """)
        }

        func remove() {
            harness.remove()
            directory.remove()
        }

        func run() throws -> Subprocess.Result {
            let prepare = try Subprocess.run(swctl, ["prepare", "svc"], addingEnvironment: environment)
            #expect(prepare.code == 0, "\(prepare.standardError)")
            let result = try harness(["run", "-b", "\(directory.path)/run/bundles/svc", RuntimeHarness.id("svc")])
            let cleanup = try Subprocess.run(swctl, ["cleanup", "svc"], addingEnvironment: environment)
            #expect(cleanup.code == 0, "\(cleanup.standardError)")
            return result
        }

        func owner(_ path: String) -> [UInt32]? {
            (try? FileSystem.status(directory.path + "/" + path)).flatMap { $0 }.map { [$0.uid, $0.gid] }
        }
    }

    @Test func serviceUserIsTheContainersRootOnTheHost() throws {
        // A UID with no passwd entry and no /etc/subuid range: root alone is mapped.
        let setup = try Setup(service: "User=48151\nGroup=62342")
        defer { setup.remove() }
        let result = try setup.run()
        #expect(result.code == 0, "\(result.standardError)")
        #expect(result.standardOutput == "map= 0 48151 1\nid=0\nwrote\n")
        #expect(setup.owner("vol/made") == [48151, 62342])
    }

    @Test func dynamicUserTakesARangeFromThePool() throws {
        let setup = try Setup(service: "DynamicUser=yes")
        defer { setup.remove() }
        let result = try setup.run()
        #expect(result.code == 0, "\(result.standardError)")
        #expect(result.standardOutput == "map= 0 1879048192 65536\nid=0\nwrote\n")
        #expect(setup.owner("vol/made") == [0x7000_0000, 0x7000_0000])
        let table = try FileSystem.readTextFile(setup.directory.path + "/lib/userns/ranges")
        #expect(table.hasSuffix("svc 1879048192 65536\n"))
    }
}
