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

    /// Two definitions, alpha and beta, with UserNS=auto and a shared volume.
    static func sandbox() throws -> DefinitionSandbox {
        let sandbox = try DefinitionSandbox("userns-def")
        try sandbox.makeSharedDirectory("vol")
        for name in ["alpha", "beta"] {
            try sandbox.define(
                name,
                """
                [Container]
                Image=\(sandbox.image)
                Network=none
                UserNS=auto
                Volume=\(sandbox.directory.path)/vol:/vol
                Exec=/bin/sh -c 'echo "map=$(tr -s " " </proc/self/uid_map)"; echo "id=$(id -u)"; \
                echo "passwd=$(stat -c %u /etc/passwd)"; touch /vol/$(hostname) /rootfile && echo wrote'

                """)
        }
        return sandbox
    }

    @Test func twoContainersGetDisjointUnprivilegedRangesTheyKeep() throws {
        let setup = try Self.sandbox()
        defer { setup.remove() }
        let alpha = try setup.run("alpha")
        #expect(alpha.code == 0, "\(alpha.standardError)")
        // Root inside, an unprivileged host ID outside; the image's files
        // (owned by host root) are the container root's.
        #expect(alpha.standardOutput == "map= 0 \(Self.firstRange) 65536\nid=0\npasswd=0\nwrote\n")
        #expect(setup.owner("vol/alpha")?.first == Self.firstRange)

        let beta = try setup.run("beta")
        #expect(beta.code == 0, "\(beta.standardError)")
        #expect(beta.standardOutput.hasPrefix("map= 0 \(Self.secondRange) 65536\n"))
        #expect(setup.owner("vol/beta")?.first == Self.secondRange)

        // A restart keeps the range.
        let again = try setup.run("alpha")
        #expect(again.standardOutput.hasPrefix("map= 0 \(Self.firstRange) 65536\n"), "\(again.standardError)")
        let table = try FileSystem.readTextFile(setup.directory.path + "/lib/userns/ranges")
        #expect(table.hasSuffix("alpha \(Self.firstRange) 65536\nbeta \(Self.secondRange) 65536\n"))
    }

    /// With `UserNS=auto` or `[Service] DynamicUser=yes`.
    @Test(arguments: [("UserNS=auto", ""), ("", "[Service]\nDynamicUser=yes")])
    func aReadOnlyRootIsTheMappedRootsOwn(container: String, service: String) throws {
        let setup = try DefinitionSandbox("userns-ro")
        defer { setup.remove() }
        try setup.define(
            "ro",
            """
            [Container]
            Image=\(setup.image)
            Network=none
            ReadOnly=yes
            \(container)
            Exec=/bin/sh -c 'echo "passwd=$(stat -c %u /etc/passwd)"; touch /etc/x 2>/dev/null || echo read-only'

            \(service)

            """)
        // The root overlay was mounted outside the container's user
        // namespace: its flags are locked there, and the read-only remount
        // must repeat them (EPERM otherwise). Idmapped, the image's
        // root-owned files are the container root's (65534 unmapped).
        let result = try setup.run("ro")
        #expect(result.code == 0, "\(result.standardError)")
        #expect(result.standardOutput == "passwd=0\nread-only\n")
    }
}
