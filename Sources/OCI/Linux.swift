/// `linux`: Linux-specific configuration (runtime-spec `config-linux.md`).
public struct Linux: Codable, Equatable, Sendable {
    public var namespaces: [Namespace]?
    public var uidMappings: [IDMapping]?
    public var gidMappings: [IDMapping]?
    /// Offsets for the time namespace, keyed `monotonic` / `boottime`.
    public var timeOffsets: [String: TimeOffset]?
    public var devices: [Device]?
    /// Network devices moved into the container's network namespace, keyed by host name.
    public var netDevices: [String: NetDevice]?
    /// Absolute: below the cgroup2 mount; relative: below the runtime's own cgroup.
    public var cgroupsPath: String?
    /// `shared`, `slave`, `private`, `unbindable` and their `r` variants.
    public var rootfsPropagation: String?
    public var resources: Resources?
    public var intelRdt: IntelRdt?
    public var sysctl: [String: String]?
    public var seccomp: Seccomp?
    /// Paths made inaccessible inside the container.
    public var maskedPaths: [String]?
    /// Paths made read-only inside the container.
    public var readonlyPaths: [String]?
    public var mountLabel: String?
    public var personality: Personality?

    public init(
        namespaces: [Namespace]? = nil, uidMappings: [IDMapping]? = nil,
        gidMappings: [IDMapping]? = nil, timeOffsets: [String: TimeOffset]? = nil,
        devices: [Device]? = nil, netDevices: [String: NetDevice]? = nil,
        cgroupsPath: String? = nil, rootfsPropagation: String? = nil, resources: Resources? = nil,
        intelRdt: IntelRdt? = nil, sysctl: [String: String]? = nil, seccomp: Seccomp? = nil,
        maskedPaths: [String]? = nil, readonlyPaths: [String]? = nil, mountLabel: String? = nil,
        personality: Personality? = nil
    ) {
        self.namespaces = namespaces
        self.uidMappings = uidMappings
        self.gidMappings = gidMappings
        self.timeOffsets = timeOffsets
        self.devices = devices
        self.netDevices = netDevices
        self.cgroupsPath = cgroupsPath
        self.rootfsPropagation = rootfsPropagation
        self.resources = resources
        self.intelRdt = intelRdt
        self.sysctl = sysctl
        self.seccomp = seccomp
        self.maskedPaths = maskedPaths
        self.readonlyPaths = readonlyPaths
        self.mountLabel = mountLabel
        self.personality = personality
    }
}

/// `linux.timeOffsets.*`.
public struct TimeOffset: Codable, Equatable, Sendable {
    public var secs: Int64?
    public var nanosecs: UInt32?

    public init(secs: Int64? = nil, nanosecs: UInt32? = nil) {
        self.secs = secs
        self.nanosecs = nanosecs
    }
}

/// `linux.netDevices.*`.
public struct NetDevice: Codable, Equatable, Sendable {
    /// Name inside the container; the host name when absent.
    public var name: String?

    public init(name: String? = nil) {
        self.name = name
    }
}

/// `linux.personality`.
public struct Personality: Codable, Equatable, Sendable {
    /// `LINUX` or `LINUX32`.
    public var domain: String
    public var flags: [String]?

    public init(domain: String, flags: [String]? = nil) {
        self.domain = domain
        self.flags = flags
    }
}

/// `linux.intelRdt`.
public struct IntelRdt: Codable, Equatable, Sendable {
    public var closID: String?
    public var l3CacheSchema: String?
    public var memBwSchema: String?
    public var enableCMT: Bool?
    public var enableMBM: Bool?

    public init(
        closID: String? = nil, l3CacheSchema: String? = nil, memBwSchema: String? = nil,
        enableCMT: Bool? = nil, enableMBM: Bool? = nil
    ) {
        self.closID = closID
        self.l3CacheSchema = l3CacheSchema
        self.memBwSchema = memBwSchema
        self.enableCMT = enableCMT
        self.enableMBM = enableMBM
    }
}
