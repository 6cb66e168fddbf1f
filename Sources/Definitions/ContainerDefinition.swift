import UnitFile

/// One container as an admin declared it in `NAME.container`: the validated,
/// typed form of the `[Container]` section plus the sections that pass
/// through to the systemd unit untouched.
///
/// Produced by `ContainerDefinition.parse(…)` (Definitions), consumed by the
/// generator (unit text) and by `Bundles.SpecBuilder` (OCI spec).
public struct ContainerDefinition: Sendable, Equatable {
    /// The container's name: the file's base name without `.container`.
    public var name: String
    /// Where the definition was read from (shown by `swctl status`, written
    /// as `SourcePath=` into the unit).
    public var sourcePath: String

    /// `Image=`: for now a path to a root filesystem directory.
    public var image: String
    /// `Image=NAME.image`: the image file whose reference the definition
    /// store puts in `image`; the container's unit starts after its pull.
    public var imageFile: String? = nil
    /// `Exec=`: the command (argv), split with systemd's quoting rules; nil
    /// when the key is absent.
    public var exec: [String]?
    /// `Entrypoint=`: the entrypoint (argv); nil when absent.
    public var entrypoint: [String]?
    /// `Environment=` assignments in file order (a later one wins).
    public var environment: [EnvironmentVariable]
    /// `EnvironmentFile=` paths on the host, read by `swctl prepare`.
    public var environmentFiles: [String]
    public var workingDir: String?
    /// `User=`: a name or a numeric uid, resolved against the image's
    /// /etc/passwd by `swctl prepare`.
    public var user: String?
    /// `Group=`: a name or a numeric gid.
    public var group: String?
    public var hostName: String?
    public var readOnly: Bool
    /// `StopSignal=`: what `systemctl stop` sends the container's init
    /// (`SIGQUIT`), written as the unit's `KillSignal=`; nil: the image's
    /// StopSignal, else SIGTERM.
    public var stopSignal: String?
    /// `Pull=`: when `swctl prepare` pulls `Image=` from its registry.
    public var pull: PullPolicy
    /// `Terminal=` (swctl's own key, set by `swctl run -t`): the container's
    /// process gets a pty whose master the runtime hands to the console
    /// socket `swctl run` listens on.
    public var terminal: Bool
    public var volumes: [VolumeMount]
    public var tmpfs: [TmpfsMount]
    public var network: NetworkMode
    /// `NetworkAlias=`: more names the container answers to on its named networks.
    public var networkAliases: [String]
    /// `IP=`: a fixed address on the bridge; nil: the next free one.
    public var ipAddress: IPv4Address?
    /// `PublishPort=`, in file order.
    public var publishPorts: [PortPublication]
    /// `ExposeHostPort=`, in file order: documented, not published.
    public var exposePorts: [PortExposure]
    public var resources: Resources
    /// Seccomp, capabilities, masks, AppArmor, devices (SecurityOptions.swift).
    public var security: SecurityOptions
    /// `UserNS=`, `UIDMap=`, `GIDMap=` (UserNamespace.swift).
    public var userNamespace: UserNamespaceOptions
    /// `StopTimeout=` in seconds → the unit's `TimeoutStopSec=` (StopKeys.swift).
    public var stopTimeout: Int? = nil
    /// `ReloadSignal=` or `ReloadCmd=` → the unit's `ExecReload=` (ReloadKeys.swift).
    public var reload: ReloadAction? = nil
    /// `RunInit=`: swctl-init runs as the container's PID 1 (RunInitKey.swift).
    public var runInit: Bool = false
    /// `AutoUpdate=`: `swctl auto-update` updates the container (AutoUpdatePolicy.swift).
    public var autoUpdate: AutoUpdatePolicy? = nil

    /// `Health*=` keys (HealthCheck.swift, HealthKeys.swift).
    public var health = HealthCheckOptions()
    /// `Notify=`: who sends READY=1 (HealthCheck.swift).
    public var notify: NotifyMode = .no
    /// `AddHost=`, `DNS=`, `DNSOption=`, `DNSSearch=` (NameResolution.swift).
    public var nameResolution = NameResolution()
    /// `Annotation=`: the spec's annotations (MetadataKeys.swift).
    public var annotations: [String: String] = [:]
    /// `Label=`: annotations too, over the image's labels.
    public var labels: [String: String] = [:]
    /// `Sysctl=`: namespaced kernel parameters (SysctlKeys.swift).
    public var sysctls: [String: String] = [:]
    /// `Timezone=`, `GroupAdd=`, `EnvironmentHost=`, `HttpProxy=` (HostContextKeys.swift).
    public var timezone: Timezone? = nil
    public var groupAdd: [String] = []
    public var environmentHost = false
    public var httpProxy = true
    /// `Mount=`, each also in `volumes` or `tmpfs` (MountKeys.swift).
    public var mounts: [MountSpecification] = []
    /// `Rootfs=`: `image` is its path (RootfsKey.swift).
    public var rootfs: RootfsDirectory? = nil
    /// `Secret=`: systemd credentials into the container (SecretKeys.swift).
    public var secrets: [SecretReference] = []
    /// `LogOpt=tag=`: the unit's `SyslogIdentifier=` (LoggingKeys.swift).
    public var logTag: String? = nil

    /// Sections copied into the unit as they are, with their source lines.
    public var unitSection: [UnitFile.Entry]
    public var serviceSection: [UnitFile.Entry]
    /// `[Install]`: turned into `.wants/` (and similar) links by the generator.
    public var install: InstallSection

    public init(name: String, sourcePath: String, image: String) {
        self.name = name
        self.sourcePath = sourcePath
        self.image = image
        self.exec = nil
        self.entrypoint = nil
        self.environment = []
        self.environmentFiles = []
        self.workingDir = nil
        self.user = nil
        self.group = nil
        self.hostName = nil
        self.readOnly = false
        self.stopSignal = nil
        self.pull = .missing
        self.terminal = false
        self.volumes = []
        self.tmpfs = []
        self.network = .bridge
        self.networkAliases = []
        self.ipAddress = nil
        self.publishPorts = []
        self.exposePorts = []
        self.resources = Resources()
        self.security = SecurityOptions()
        self.userNamespace = UserNamespaceOptions()
        self.unitSection = []
        self.serviceSection = []
        self.install = InstallSection()
    }
}

public struct EnvironmentVariable: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// `Volume=SRC:DST[:OPTIONS]`, a bind mount from the host in this slice.
public struct VolumeMount: Sendable, Equatable {
    public var source: String
    public var destination: String
    public var readOnly: Bool
    /// Other mount options given after the second colon (`z`, `nosuid`, …),
    /// kept in order; `ro`/`rw` are folded into `readOnly`.
    public var options: [String]
    /// A named volume (`Volume=NAME:/dst`): `swctl prepare` sets `source`
    /// to its data directory, making the volume on first use.
    public var volume: String? = nil
    /// `Volume=NAME.volume:/dst`: the volume file that declares `volume`
    /// (its unit makes the volume before the container starts).
    public var volumeFile: String? = nil
    public init(source: String, destination: String, readOnly: Bool = false, options: [String] = []) {
        self.source = source
        self.destination = destination
        self.readOnly = readOnly
        self.options = options
    }
}

/// `Tmpfs=DST[:OPTIONS]`.
public struct TmpfsMount: Sendable, Equatable {
    public var destination: String
    public var options: [String]
    public init(destination: String, options: [String] = []) {
        self.destination = destination
        self.options = options
    }
}

/// Resource keys; the generator maps them onto systemd's own directives so
/// systemd enforces them on the unit's cgroup.
public struct Resources: Sendable, Equatable {
    /// `Memory=` in bytes → `MemoryMax=`.
    public var memoryBytes: UInt64?
    /// `PidsLimit=` → `TasksMax=`; -1 means unlimited (`infinity`).
    public var pidsLimit: Int?
    /// `CPUs=` (e.g. 1.5) → `CPUQuota=150%`.
    public var cpus: Double?
    /// `MemorySwap=` → `MemorySwapMax=` (the total minus `Memory=`).
    public var memorySwap: SwapLimit?
    /// `CPUWeight=` → `CPUWeight=`, 1 to 10000.
    public var cpuWeight: Int?
    /// `IOWeight=` → `IOWeight=`, 1 to 10000.
    public var ioWeight: Int?
    /// `Ulimit=` → the spec's `process.rlimits`, one per resource.
    public var ulimits: [ProcessLimit] = []
    /// `ShmSize=` → the size of the /dev/shm tmpfs.
    public var shmSizeBytes: UInt64?
    public init(memoryBytes: UInt64? = nil, pidsLimit: Int? = nil, cpus: Double? = nil) {
        self.memoryBytes = memoryBytes
        self.pidsLimit = pidsLimit
        self.cpus = cpus
    }
}

/// `[Install]`: the targets that want/require/uphold the container, and
/// extra names for it.
public struct InstallSection: Sendable, Equatable {
    public var wantedBy: [String]
    public var requiredBy: [String]
    public var upheldBy: [String]
    public var alias: [String]
    public init(wantedBy: [String] = [], requiredBy: [String] = [], upheldBy: [String] = [], alias: [String] = []) {
        self.wantedBy = wantedBy
        self.requiredBy = requiredBy
        self.upheldBy = upheldBy
        self.alias = alias
    }
}
