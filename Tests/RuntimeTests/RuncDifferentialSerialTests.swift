import JSON
import OCI
import Syscalls
import TestSupport
import Testing

/// The same bundle under runc and under swctl-runtime: the process must see
/// the same world.
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox && Ring.runcPath != nil,
        "needs root, a private cgroup v2 view, busybox-static and runc: runs under Tests/rings/ring1.sh (make check)"))
struct RuncDifferentialSerialTests {
    @Test(arguments: [
        (UInt32(0), UInt32(0), [UInt32]()),
        (1000, 1000, [5, 65534]),
    ])
    func processSeesTheSameAsUnderRunc(uid: UInt32, gid: UInt32, groups: [UInt32]) throws {
        var spec = try baseSpec(["sh", "-c", probeScript])
        spec.hostname = "differential"
        spec.process?.user = User(uid: uid, gid: gid, additionalGids: groups)
        spec.process?.cwd = "/tmp"
        spec.process?.env = ["PATH=/bin", "FOO=same"]
        let (ours, runc) = try runUnderBoth(spec, name: "probe\(uid)")
        #expect(ours.code == 0, "\(ours.standardError)")
        #expect(runc.code == 0, "\(runc.standardError)")
        for key in [
            "pid", "hostname", "ids", "cwd", "foo", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs",
            "links",
        ] {
            #expect(probeValue(ours.standardOutput, key) == probeValue(runc.standardOutput, key), "\(key)")
        }
        // Same mount points, types and ro/rw. Order is compared as a set:
        // runc mounts masked and read-only paths in another order.
        #expect(Set(probeMounts(ours.standardOutput)) == Set(probeMounts(runc.standardOutput)))
    }

    /// Limits, sysctls, names, umask and execution domain, as the process
    /// reads them back. RLIMIT_NOFILE is lowered: raising it above the
    /// hard limit would need CAP_SYS_RESOURCE.
    @Test func processSettingsMatchRunc() throws {
        var spec = try baseSpec([
            "sh", "-c",
            "echo nofile=$(ulimit -n):$(ulimit -Hn); echo umask=$(umask);"
                + " echo domain=$(cat /proc/sys/kernel/domainname); echo shmmni=$(cat /proc/sys/kernel/shmmni);"
                + " echo forward=$(cat /proc/sys/net/ipv4/ip_forward); echo oom=$(cat /proc/self/oom_score_adj);"
                + " echo arch=$(uname -m)",
        ])
        spec.process?.rlimits = [Rlimit(type: "RLIMIT_NOFILE", hard: 512, soft: 256)]
        spec.process?.user.umask = 0o027
        spec.process?.oomScoreAdj = 300
        spec.domainname = "example.test"
        spec.linux?.sysctl = ["kernel.shmmni": "1234", "net.ipv4.ip_forward": "1"]
        spec.linux?.personality = Personality(domain: "LINUX32")
        let (ours, runc) = try runUnderBoth(spec, name: "settings")
        #expect(ours.code == 0, "\(ours.standardError)")
        #expect(runc.code == 0, "\(runc.standardError)")
        let expected = [
            "nofile": "256:512", "umask": "0027", "domain": "example.test", "shmmni": "1234", "forward": "1",
            "oom": "300", "arch": "i686",
        ]
        // runc 1.1 (spec 1.0.2) ignores domainname and personality, both
        // newer than its spec version; the other settings must agree.
        let newerThanRunc: Set = ["domain", "arch"]
        for (key, value) in expected {
            #expect(probeValue(ours.standardOutput, key) == value, "\(key)")
            if !newerThanRunc.contains(key) {
                #expect(probeValue(runc.standardOutput, key) == value, "\(key) under runc")
            }
        }
    }

    @Test(arguments: [0, 3, 130])
    func exitCodesMatchRunc(code: Int) throws {
        let (ours, runc) = try runUnderBoth(try baseSpec(["sh", "-c", "exit \(code)"]), name: "exit\(code)")
        #expect(ours.code == Int32(code))
        #expect(runc.code == ours.code)
    }

    @Test func missingBinaryFailsUnderBoth() throws {
        let (ours, runc) = try runUnderBoth(try baseSpec(["nosuch"]), name: "missing")
        #expect(ours.code != 0)
        #expect(runc.code != 0)
        #expect(ours.standardError.contains("ENOENT"))
    }
}
