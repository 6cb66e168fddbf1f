/// The confinement keys of a definition: what loosens or tightens the
/// defaults every container gets (Docker's seccomp profile and capability
/// set, no_new_privs, masked /proc and /sys paths, AppArmor).
public struct SecurityOptions: Sendable, Equatable {
    /// `SeccompProfile=`.
    public var seccompProfile: SeccompProfileChoice
    /// `AddCapability=`: `CAP_`-prefixed upper-case names, or `ALL`.
    public var addCapabilities: [String]
    /// `DropCapability=`: as `addCapabilities`.
    public var dropCapabilities: [String]
    /// `NoNewPrivileges=`: on unless the definition says no (Quadlet's
    /// default is off; a container here is confined by default).
    public var noNewPrivileges: Bool
    /// `ReadOnlyTmpfs=`: with `ReadOnly=yes`, tmpfs on /run, /tmp and
    /// /var/tmp (as Podman's --read-only-tmpfs, on by default).
    public var readOnlyTmpfs: Bool
    /// `Mask=`: paths added to the masked ones.
    public var mask: [String]
    /// `Unmask=`: paths removed from the masked and read-only ones.
    public var unmask: Unmask
    /// `AppArmor=` (swctl's own key; Podman spells it
    /// `PodmanArgs=--security-opt apparmor=…`).
    public var appArmor: AppArmorChoice
    /// `AddDevice=`: host devices the container may use.
    public var devices: [DeviceMapping]

    public init() {
        seccompProfile = .default
        addCapabilities = []
        dropCapabilities = []
        noNewPrivileges = true
        readOnlyTmpfs = true
        mask = []
        unmask = .paths([])
        appArmor = .default
        devices = []
    }
}

/// `SeccompProfile=`.
public enum SeccompProfileChoice: Sendable, Equatable {
    /// swctl's built-in profile (moby's default).
    case `default`
    /// No seccomp filter at all.
    case unconfined
    /// An OCI `linux.seccomp` object or a Docker profile, as JSON on the host.
    case file(String)
}

/// `AppArmor=`.
public enum AppArmorChoice: Sendable, Equatable {
    /// swctl's generated profile, where AppArmor is enabled.
    case `default`
    case unconfined
    /// A profile already loaded in the kernel.
    case profile(String)
}

/// `Unmask=`.
public enum Unmask: Sendable, Equatable {
    /// `Unmask=ALL`: nothing masked, nothing read-only.
    case all
    case paths([String])
}

/// `AddDevice=[-]HOST[:CONTAINER][:PERMISSIONS]`.
public struct DeviceMapping: Sendable, Equatable {
    public var hostPath: String
    public var containerPath: String
    /// Some of `r`, `w`, `m`.
    public var permissions: String
    /// A leading `-`: a missing host device is skipped, not an error.
    public var optional: Bool

    public init(hostPath: String, containerPath: String, permissions: String = "rwm", optional: Bool = false) {
        self.hostPath = hostPath
        self.containerPath = containerPath
        self.permissions = permissions
        self.optional = optional
    }
}
