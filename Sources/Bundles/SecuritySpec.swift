import Definitions
import OCI

/// What `swctl prepare` found on the host for a container's confinement,
/// handed to `buildSpec` so that building the spec stays pure.
public struct HostSecurity: Sendable {
    /// The parsed `SeccompProfile=PATH` file (nil: the default profile).
    public var seccompProfile: SeccompProfileDocument?
    /// The AppArmor profile to apply (nil: none; AppArmor is off or the
    /// definition says unconfined).
    public var appArmorProfile: String?
    /// `AddDevice=` devices, with the numbers read from the host.
    public var devices: [Device]
    /// The running kernel, for `minKernel` rules (nil: assume recent).
    public var kernel: KernelVersion?

    public init(
        seccompProfile: SeccompProfileDocument? = nil, appArmorProfile: String? = nil, devices: [Device] = [],
        kernel: KernelVersion? = nil
    ) {
        self.seccompProfile = seccompProfile
        self.appArmorProfile = appArmorProfile
        self.devices = devices
        self.kernel = kernel
    }
}

/// The capability set of a container, as moby's `TweakCapabilities`:
/// `AddCapability=ALL` gives every capability but the dropped ones,
/// `DropCapability=ALL` keeps only the added ones, otherwise Docker's
/// default set minus the dropped plus the added.
public func capabilitySet(_ security: SecurityOptions) -> [String] {
    let adds = security.addCapabilities
    let drops = security.dropCapabilities
    var result: [String]
    if adds.contains("ALL") {
        result = allCapabilities.filter { !drops.contains($0) }
    } else if drops.contains("ALL") {
        result = adds
    } else {
        result = defaultCapabilities.filter { !drops.contains($0) } + adds
    }
    var seen = Set<String>()
    return result.filter { seen.insert($0).inserted }
}

/// `process.capabilities`. Root gets the set in bounding, effective and
/// permitted (never inheritable: CVE-2022-24769). A non-root user gets
/// only what `AddCapability=` names, in every set including ambient so it
/// survives exec (as Podman does); without `AddCapability=` it has none,
/// and the bounding set only caps what file capabilities could grant.
func processCapabilities(_ security: SecurityOptions, uid: UInt32) -> Capabilities {
    let set = capabilitySet(security)
    if uid == 0 {
        return Capabilities(bounding: set, effective: set, permitted: set)
    }
    let added =
        security.addCapabilities.contains("ALL") ? set : security.addCapabilities.filter(set.contains)
    if added.isEmpty {
        return Capabilities(bounding: set, effective: [], permitted: [])
    }
    return Capabilities(bounding: set, effective: added, inheritable: added, permitted: added, ambient: added)
}

/// `linux.seccomp` for the container's bounding set; nil when unconfined.
func seccompFilter(_ security: SecurityOptions, host: HostSecurity, bounding: [String]) -> OCI.Seccomp? {
    switch security.seccompProfile {
    case .unconfined:
        return nil
    case .default:
        return defaultSeccompProfile.resolved(capabilities: bounding, kernel: host.kernel)
    case .file:
        // prepare loads the file; the default profile if it did not.
        let profile = host.seccompProfile ?? defaultSeccompProfile
        return profile.resolved(capabilities: bounding, kernel: host.kernel)
    }
}

/// Masked paths: Docker's, without the unmasked ones, plus `Mask=`.
func maskedPaths(_ security: SecurityOptions) -> [String] {
    switch security.unmask {
    case .all: return security.mask
    case .paths(let unmasked):
        return defaultMaskedPaths.filter { !unmasked.contains($0) }
            + security.mask.filter { !defaultMaskedPaths.contains($0) }
    }
}

/// Read-only paths: Docker's, without the unmasked ones (as Podman's unmask).
func readonlyPaths(_ security: SecurityOptions) -> [String] {
    switch security.unmask {
    case .all: return []
    case .paths(let unmasked): return defaultReadonlyPaths.filter { !unmasked.contains($0) }
    }
}

/// With `ReadOnly=yes` and `ReadOnlyTmpfs=` (default on), writable tmpfs
/// on /run, /tmp and /var/tmp, unless the definition mounts something there.
func readOnlyTmpfsMounts(_ definition: ContainerDefinition) -> [Mount] {
    guard definition.readOnly && definition.security.readOnlyTmpfs else { return [] }
    let taken = Set(definition.tmpfs.map(\.destination) + definition.volumes.map(\.destination))
    let wanted = [("/run", "mode=755"), ("/tmp", "mode=1777"), ("/var/tmp", "mode=1777")]
    return wanted.filter { !taken.contains($0.0) }.map { destination, mode in
        Mount(destination: destination, type: "tmpfs", source: "tmpfs", options: ["rw", "nosuid", "nodev", mode])
    }
}

/// The device cgroup rules: deny everything, then allow each `AddDevice=`.
func deviceRules(_ security: SecurityOptions, host: HostSecurity) -> [OCI.Resources.DeviceRule] {
    var rules = [OCI.Resources.DeviceRule(allow: false, access: "rwm")]
    for device in host.devices {
        let permissions = security.devices.first { $0.containerPath == device.path }?.permissions ?? "rwm"
        rules.append(
            OCI.Resources.DeviceRule(
                allow: true, type: device.type, major: device.major, minor: device.minor, access: permissions))
    }
    return rules
}

/// What the default pids limit is: the template unit's `TasksMax=`, as
/// podman's default `pids_limit`.
public let defaultPidsLimit = 2048

/// Annotations that say which confinement was chosen, in words the spec
/// itself cannot carry (`swctl inspect`/`status` show them).
public enum ConfinementAnnotation {
    /// `swctl-default (moby default)`, `unconfined`, or the profile file.
    public static let seccompProfile = "org.swctl.seccomp.profile"
    /// The AppArmor profile, or `unconfined (…why)`.
    public static let appArmor = "org.swctl.apparmor"
    /// The unit's `TasksMax=`: `PidsLimit=` or the default.
    public static let pidsLimit = "org.swctl.pids.limit"
}

func confinementAnnotations(_ inputs: SpecInputs) -> [String: String] {
    let security = inputs.definition.security
    let seccomp: String
    switch security.seccompProfile {
    case .default: seccomp = defaultSeccompProfileName
    case .unconfined: seccomp = "unconfined"
    case .file(let path): seccomp = path
    }
    let appArmor: String
    if let profile = inputs.host.appArmorProfile {
        appArmor = profile
    } else if security.appArmor == .unconfined {
        appArmor = "unconfined (AppArmor=unconfined)"
    } else {
        appArmor = "unconfined (AppArmor not enabled)"
    }
    let pids = inputs.definition.resources.pidsLimit.map { $0 < 0 ? "unlimited" : String($0) }
    return [
        ConfinementAnnotation.seccompProfile: seccomp, ConfinementAnnotation.appArmor: appArmor,
        ConfinementAnnotation.pidsLimit: pids ?? "\(defaultPidsLimit) (default)",
    ]
}
