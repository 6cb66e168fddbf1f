import Bundles
import ImageSpec
import JSON
import OCI

/// The effective confinement of a running container, read back from the
/// spec `swctl prepare` wrote: what `inspect` and `status` show.
public struct ConfinementSummary: Encodable, Sendable, Equatable {
    public struct SeccompSummary: Encodable, Sendable, Equatable {
        /// `swctl-default (moby default)`, a profile file, or `unconfined`.
        public var profile: String
        /// sha256 of the `linux.seccomp` object the runtime compiled.
        public var digest: String?
        public var defaultAction: String?
        /// Rules after the capability and architecture filters.
        public var rules: Int
    }

    public var seccomp: SeccompSummary
    /// The AppArmor profile, or `unconfined (AppArmor not enabled)`.
    public var appArmor: String
    public var noNewPrivileges: Bool
    /// The container's effective capabilities (its init's).
    public var capabilities: [String]
    /// The bounding set: what file capabilities could still grant.
    public var boundingCapabilities: [String]
    public var maskedPaths: Int
    public var readonlyPaths: Int
    /// `2048 (default)`, the definition's `PidsLimit=`, or `unlimited`.
    public var pidsLimit: String?
    /// `host`, or the ID maps of the container's own user namespace
    /// (`uid 0:1879048192:65536 gid 0:1879048192:65536`).
    public var userNamespace: String

    /// nil for a spec that has no process (not one of ours).
    public init?(spec: Spec) {
        guard let process = spec.process else { return nil }
        let annotations = spec.annotations ?? [:]
        let seccomp = spec.linux?.seccomp
        var digest: String?
        if let seccomp, let json = try? JSONEncoder(outputFormatting: [.sortedKeys]).encode(seccomp) {
            var hash = SHA256()
            hash.update(json)
            digest = "sha256:" + hash.finalizeHex()
        }
        self.seccomp = SeccompSummary(
            profile: seccomp == nil
                ? "unconfined" : annotations[ConfinementAnnotation.seccompProfile] ?? "from the bundle",
            digest: digest, defaultAction: seccomp?.defaultAction, rules: seccomp?.syscalls?.count ?? 0)
        appArmor =
            process.apparmorProfile
            ?? annotations[ConfinementAnnotation.appArmor] ?? "unconfined"
        noNewPrivileges = process.noNewPrivileges ?? false
        capabilities = process.capabilities?.effective ?? []
        boundingCapabilities = process.capabilities?.bounding ?? []
        maskedPaths = spec.linux?.maskedPaths?.count ?? 0
        readonlyPaths = spec.linux?.readonlyPaths?.count ?? 0
        pidsLimit = annotations[ConfinementAnnotation.pidsLimit]
        let maps = { (mappings: [IDMapping]?) in
            (mappings ?? []).map { "\($0.containerID):\($0.hostID):\($0.size)" }.joined(separator: ",")
        }
        userNamespace =
            spec.linux?.namespaces?.contains { $0.type == .user } == true
            ? "uid \(maps(spec.linux?.uidMappings)) gid \(maps(spec.linux?.gidMappings))" : "host"
    }

    /// `Label: value` rows for `swctl status`.
    public var rows: [(String, String)] {
        var seccompText = seccomp.profile
        if let digest = seccomp.digest { seccompText += " (\(seccomp.rules) rules, \(digest.prefix(19)))" }
        let capabilityText =
            capabilities.isEmpty
            ? "none (bounding: \(boundingCapabilities.count))"
            : capabilities.map { $0.hasPrefix("CAP_") ? String($0.dropFirst(4)) : $0 }.joined(separator: " ")
        return [
            ("Seccomp", seccompText),
            ("AppArmor", appArmor),
            ("Capabilities", capabilityText),
            ("NoNewPrivs", noNewPrivileges ? "yes" : "no"),
            ("Masked", "\(maskedPaths) paths masked, \(readonlyPaths) read-only"),
            ("Pids limit", pidsLimit ?? "-"),
            ("User NS", userNamespace),
        ]
    }
}
