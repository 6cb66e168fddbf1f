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
    /// A definition whose `[Service]` section is `service`, with a shared volume.
    static func sandbox(service: String) throws -> DefinitionSandbox {
        let sandbox = try DefinitionSandbox("userns-svc")
        try sandbox.makeSharedDirectory("vol")
        try sandbox.define(
            "svc",
            """
            [Container]
            Image=\(sandbox.image)
            Network=none
            Volume=\(sandbox.directory.path)/vol:/vol
            Exec=/bin/sh -c 'echo "map=$(tr -s " " </proc/self/uid_map)"; echo "id=$(id -u)"; touch /vol/made && echo wrote'

            [Service]
            \(service)

            """)
        return sandbox
    }

    @Test func serviceUserIsTheContainersRootOnTheHost() throws {
        // A UID with no passwd entry and no /etc/subuid range: root alone is mapped.
        let setup = try Self.sandbox(service: "User=48151\nGroup=62342")
        defer { setup.remove() }
        let result = try setup.run("svc")
        #expect(result.code == 0, "\(result.standardError)")
        #expect(result.standardOutput == "map= 0 48151 1\nid=0\nwrote\n")
        #expect(setup.owner("vol/made") == [48151, 62342])
    }

    @Test func dynamicUserTakesARangeFromThePool() throws {
        let setup = try Self.sandbox(service: "DynamicUser=yes")
        defer { setup.remove() }
        let result = try setup.run("svc")
        #expect(result.code == 0, "\(result.standardError)")
        #expect(result.standardOutput == "map= 0 1879048192 65536\nid=0\nwrote\n")
        #expect(setup.owner("vol/made") == [0x7000_0000, 0x7000_0000])
        let table = try FileSystem.readTextFile(setup.directory.path + "/lib/userns/ranges")
        #expect(table.hasSuffix("svc 1879048192 65536\n"))
    }
}
