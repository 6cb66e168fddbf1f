import Confinement
import JSON
import OCI
import Syscalls

/// `swctl-runtime features` (runtime-spec `features.md`): what this runtime
/// implements, for engines that ask before they build a spec.
struct Features: Codable {
    struct LinuxFeatures: Codable {
        struct CgroupFeatures: Codable {
            var v1 = false
            var v2 = true
            var systemd = true  // --systemd-cgroup with slice:prefix:name: a transient scope
            var systemdUser = false
        }
        struct Enabled: Codable {
            var enabled: Bool
        }
        struct SeccompFeatures: Codable {
            var enabled = true
            var actions = [
                "SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
                "SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP",
            ]
            var operators = [
                "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ",
                "SCMP_CMP_NE",
            ]
            var archs = SeccompProgram.architectureNames
            var knownFlags = SeccompFilterLoad.flags.keys.sorted()
            var supportedFlags = SeccompFilterLoad.flags.keys.sorted()
        }
        var namespaces: [String]
        var capabilities: [String]
        var cgroup = CgroupFeatures()
        var seccomp = SeccompFeatures()
        // Support in the runtime, not whether this host has AppArmor on (features.md).
        var apparmor = Enabled(enabled: true)
        /// Idmapped bind mounts (`idmap`/`ridmap`, mount uid/gid mappings).
        var mountExtensions = ["idmap": Enabled(enabled: true)]
        var selinux = Enabled(enabled: false)
    }

    var ociVersionMin = "1.0.0"
    var ociVersionMax = ociSpecVersion
    var hooks = HookKind.allCases.map(\.rawValue)
    var mountOptions: [String]
    var linux: LinuxFeatures
    var annotations: [String: String]

    static func current() -> Features {
        let capabilities = (0..<PreparedCapabilities.kernelCount).map { PreparedCapabilities.name(of: $0) }
        return Features(
            mountOptions: (Array(mountOptionTable.keys) + ["idmap", "ridmap"]).sorted(),
            linux: LinuxFeatures(
                namespaces: ["cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts"],
                capabilities: capabilities),
            annotations: ["org.swctl.runtime.version": RuntimeMain.version])
    }

    static func render() -> String {
        (try? JSONEncoder(outputFormatting: [.prettyPrinted]).encodeToString(current())).map { $0 + "\n" } ?? "{}\n"
    }
}
