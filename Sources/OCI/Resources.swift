/// `linux.resources`: cgroup limits (runtime-spec `config-linux.md#control-groups`).
public struct Resources: Codable, Equatable, Sendable {
    /// Device access rules, applied in order (cgroup v2: an eBPF program).
    public var devices: [DeviceRule]?
    public var memory: Memory?
    public var cpu: CPU?
    public var pids: Pids?
    public var blockIO: BlockIO?
    public var hugepageLimits: [HugepageLimit]?
    public var network: Network?
    public var rdma: [String: Rdma]?
    /// cgroup v2 files written verbatim, e.g. `"memory.high": "100M"`.
    public var unified: [String: String]?

    public init(
        devices: [DeviceRule]? = nil, memory: Memory? = nil, cpu: CPU? = nil, pids: Pids? = nil,
        blockIO: BlockIO? = nil, hugepageLimits: [HugepageLimit]? = nil, network: Network? = nil,
        rdma: [String: Rdma]? = nil, unified: [String: String]? = nil
    ) {
        self.devices = devices
        self.memory = memory
        self.cpu = cpu
        self.pids = pids
        self.blockIO = blockIO
        self.hugepageLimits = hugepageLimits
        self.network = network
        self.rdma = rdma
        self.unified = unified
    }

    /// One entry of `linux.resources.devices`.
    public struct DeviceRule: Codable, Equatable, Sendable {
        public var allow: Bool
        /// `a` (all), `c` or `b`.
        public var type: String?
        public var major: Int64?
        public var minor: Int64?
        /// Some of `r`, `w`, `m`.
        public var access: String?

        public init(
            allow: Bool, type: String? = nil, major: Int64? = nil, minor: Int64? = nil,
            access: String? = nil
        ) {
            self.allow = allow
            self.type = type
            self.major = major
            self.minor = minor
            self.access = access
        }
    }

    /// `linux.resources.memory` (bytes; -1 means unlimited).
    public struct Memory: Codable, Equatable, Sendable {
        public var limit: Int64?
        public var reservation: Int64?
        /// Memory plus swap (cgroup v1 semantics).
        public var swap: Int64?
        public var kernel: Int64?
        public var kernelTCP: Int64?
        public var swappiness: UInt64?
        public var disableOOMKiller: Bool?
        public var useHierarchy: Bool?
        public var checkBeforeUpdate: Bool?

        public init(
            limit: Int64? = nil, reservation: Int64? = nil, swap: Int64? = nil,
            kernel: Int64? = nil, kernelTCP: Int64? = nil, swappiness: UInt64? = nil,
            disableOOMKiller: Bool? = nil, useHierarchy: Bool? = nil,
            checkBeforeUpdate: Bool? = nil
        ) {
            self.limit = limit
            self.reservation = reservation
            self.swap = swap
            self.kernel = kernel
            self.kernelTCP = kernelTCP
            self.swappiness = swappiness
            self.disableOOMKiller = disableOOMKiller
            self.useHierarchy = useHierarchy
            self.checkBeforeUpdate = checkBeforeUpdate
        }
    }

    /// `linux.resources.cpu`.
    public struct CPU: Codable, Equatable, Sendable {
        /// Relative weight (cgroup v1 shares, 2–262144).
        public var shares: UInt64?
        /// Microseconds per `period`; -1 means unlimited.
        public var quota: Int64?
        public var burst: UInt64?
        public var period: UInt64?
        public var realtimeRuntime: Int64?
        public var realtimePeriod: UInt64?
        /// CPU list, e.g. `0-3`.
        public var cpus: String?
        /// Memory node list.
        public var mems: String?
        public var idle: Int64?

        public init(
            shares: UInt64? = nil, quota: Int64? = nil, burst: UInt64? = nil,
            period: UInt64? = nil, realtimeRuntime: Int64? = nil, realtimePeriod: UInt64? = nil,
            cpus: String? = nil, mems: String? = nil, idle: Int64? = nil
        ) {
            self.shares = shares
            self.quota = quota
            self.burst = burst
            self.period = period
            self.realtimeRuntime = realtimeRuntime
            self.realtimePeriod = realtimePeriod
            self.cpus = cpus
            self.mems = mems
            self.idle = idle
        }
    }

    /// `linux.resources.pids`.
    public struct Pids: Codable, Equatable, Sendable {
        /// Maximum number of tasks; -1 (or 0, per runc) means unlimited.
        public var limit: Int64

        public init(limit: Int64) {
            self.limit = limit
        }
    }

    /// `linux.resources.blockIO`.
    public struct BlockIO: Codable, Equatable, Sendable {
        public var weight: UInt16?
        public var leafWeight: UInt16?
        public var weightDevice: [WeightDevice]?
        public var throttleReadBpsDevice: [ThrottleDevice]?
        public var throttleWriteBpsDevice: [ThrottleDevice]?
        public var throttleReadIOPSDevice: [ThrottleDevice]?
        public var throttleWriteIOPSDevice: [ThrottleDevice]?

        public init(
            weight: UInt16? = nil, leafWeight: UInt16? = nil, weightDevice: [WeightDevice]? = nil,
            throttleReadBpsDevice: [ThrottleDevice]? = nil,
            throttleWriteBpsDevice: [ThrottleDevice]? = nil,
            throttleReadIOPSDevice: [ThrottleDevice]? = nil,
            throttleWriteIOPSDevice: [ThrottleDevice]? = nil
        ) {
            self.weight = weight
            self.leafWeight = leafWeight
            self.weightDevice = weightDevice
            self.throttleReadBpsDevice = throttleReadBpsDevice
            self.throttleWriteBpsDevice = throttleWriteBpsDevice
            self.throttleReadIOPSDevice = throttleReadIOPSDevice
            self.throttleWriteIOPSDevice = throttleWriteIOPSDevice
        }
    }

    /// A per-device weight.
    public struct WeightDevice: Codable, Equatable, Sendable {
        public var major: Int64
        public var minor: Int64
        public var weight: UInt16?
        public var leafWeight: UInt16?

        public init(major: Int64, minor: Int64, weight: UInt16? = nil, leafWeight: UInt16? = nil) {
            self.major = major
            self.minor = minor
            self.weight = weight
            self.leafWeight = leafWeight
        }
    }

    /// A per-device rate limit (bytes or operations per second).
    public struct ThrottleDevice: Codable, Equatable, Sendable {
        public var major: Int64
        public var minor: Int64
        public var rate: UInt64

        public init(major: Int64, minor: Int64, rate: UInt64) {
            self.major = major
            self.minor = minor
            self.rate = rate
        }
    }

    /// One entry of `linux.resources.hugepageLimits`.
    public struct HugepageLimit: Codable, Equatable, Sendable {
        /// e.g. `2MB`.
        public var pageSize: String
        public var limit: UInt64

        public init(pageSize: String, limit: UInt64) {
            self.pageSize = pageSize
            self.limit = limit
        }
    }

    /// `linux.resources.network`.
    public struct Network: Codable, Equatable, Sendable {
        public var classID: UInt32?
        public var priorities: [InterfacePriority]?

        public init(classID: UInt32? = nil, priorities: [InterfacePriority]? = nil) {
            self.classID = classID
            self.priorities = priorities
        }
    }

    /// A network priority for one interface.
    public struct InterfacePriority: Codable, Equatable, Sendable {
        public var name: String
        public var priority: UInt32

        public init(name: String, priority: UInt32) {
            self.name = name
            self.priority = priority
        }
    }

    /// `linux.resources.rdma.*`.
    public struct Rdma: Codable, Equatable, Sendable {
        public var hcaHandles: UInt32?
        public var hcaObjects: UInt32?

        public init(hcaHandles: UInt32? = nil, hcaObjects: UInt32? = nil) {
            self.hcaHandles = hcaHandles
            self.hcaObjects = hcaObjects
        }
    }
}
