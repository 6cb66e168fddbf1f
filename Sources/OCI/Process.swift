/// `process`: the container process (runtime-spec `config.md#process`).
public struct Process: Codable, Equatable, Sendable {
    /// Attach a pseudo-terminal to the process.
    public var terminal: Bool?
    /// Console size of the terminal, if any.
    public var consoleSize: ConsoleSize?
    /// The user the process runs as. REQUIRED.
    public var user: User
    /// Arguments; the first is the executable (resolved through `PATH` of `env`).
    public var args: [String]?
    /// Full command line (Windows only).
    public var commandLine: String?
    /// Environment, `KEY=value` entries.
    public var env: [String]?
    /// Absolute working directory inside the container. REQUIRED.
    public var cwd: String
    /// Capability sets.
    public var capabilities: Capabilities?
    /// Resource limits (`setrlimit`).
    public var rlimits: [Rlimit]?
    /// Set `PR_SET_NO_NEW_PRIVS`.
    public var noNewPrivileges: Bool?
    /// AppArmor profile name.
    public var apparmorProfile: String?
    /// `oom_score_adj` of the process.
    public var oomScoreAdj: Int?
    /// SELinux label of the process.
    public var selinuxLabel: String?
    /// Scheduling policy (`sched_setattr`).
    public var scheduler: Scheduler?
    /// I/O priority (`ioprio_set`).
    public var ioPriority: IOPriority?
    /// CPU affinity used while executing the process.
    public var execCPUAffinity: CPUAffinity?

    public init(
        terminal: Bool? = nil, consoleSize: ConsoleSize? = nil, user: User = User(),
        args: [String]? = nil, commandLine: String? = nil, env: [String]? = nil, cwd: String = "/",
        capabilities: Capabilities? = nil, rlimits: [Rlimit]? = nil, noNewPrivileges: Bool? = nil,
        apparmorProfile: String? = nil, oomScoreAdj: Int? = nil, selinuxLabel: String? = nil,
        scheduler: Scheduler? = nil, ioPriority: IOPriority? = nil,
        execCPUAffinity: CPUAffinity? = nil
    ) {
        self.terminal = terminal
        self.consoleSize = consoleSize
        self.user = user
        self.args = args
        self.commandLine = commandLine
        self.env = env
        self.cwd = cwd
        self.capabilities = capabilities
        self.rlimits = rlimits
        self.noNewPrivileges = noNewPrivileges
        self.apparmorProfile = apparmorProfile
        self.oomScoreAdj = oomScoreAdj
        self.selinuxLabel = selinuxLabel
        self.scheduler = scheduler
        self.ioPriority = ioPriority
        self.execCPUAffinity = execCPUAffinity
    }
}

/// `process.consoleSize`.
public struct ConsoleSize: Codable, Equatable, Sendable {
    public var height: UInt32
    public var width: UInt32

    public init(height: UInt32, width: UInt32) {
        self.height = height
        self.width = width
    }
}

/// `process.user` (POSIX platforms).
public struct User: Codable, Equatable, Sendable {
    public var uid: UInt32
    public var gid: UInt32
    /// File creation mask; absent means leave the runtime's (spec: 0022 recommended).
    public var umask: UInt32?
    /// Supplementary groups (`setgroups`).
    public var additionalGids: [UInt32]?
    /// User name (Windows only).
    public var username: String?

    public init(
        uid: UInt32 = 0, gid: UInt32 = 0, umask: UInt32? = nil, additionalGids: [UInt32]? = nil,
        username: String? = nil
    ) {
        self.uid = uid
        self.gid = gid
        self.umask = umask
        self.additionalGids = additionalGids
        self.username = username
    }
}

/// `process.capabilities`: names such as `CAP_CHOWN` per set.
public struct Capabilities: Codable, Equatable, Sendable {
    public var bounding: [String]?
    public var effective: [String]?
    public var inheritable: [String]?
    public var permitted: [String]?
    public var ambient: [String]?

    public init(
        bounding: [String]? = nil, effective: [String]? = nil, inheritable: [String]? = nil,
        permitted: [String]? = nil, ambient: [String]? = nil
    ) {
        self.bounding = bounding
        self.effective = effective
        self.inheritable = inheritable
        self.permitted = permitted
        self.ambient = ambient
    }
}

/// One entry of `process.rlimits`.
public struct Rlimit: Codable, Equatable, Sendable {
    /// Resource name, e.g. `RLIMIT_NOFILE`.
    public var type: String
    public var hard: UInt64
    public var soft: UInt64

    public init(type: String, hard: UInt64, soft: UInt64) {
        self.type = type
        self.hard = hard
        self.soft = soft
    }
}

/// `process.scheduler` (`sched_setattr(2)`).
public struct Scheduler: Codable, Equatable, Sendable {
    /// `SCHED_OTHER`, `SCHED_FIFO`, `SCHED_RR`, `SCHED_BATCH`, `SCHED_ISO`, `SCHED_IDLE`, `SCHED_DEADLINE`.
    public var policy: String
    public var nice: Int32?
    public var priority: Int32?
    /// `SCHED_FLAG_*` names.
    public var flags: [String]?
    public var runtime: UInt64?
    public var deadline: UInt64?
    public var period: UInt64?

    public init(
        policy: String, nice: Int32? = nil, priority: Int32? = nil, flags: [String]? = nil,
        runtime: UInt64? = nil, deadline: UInt64? = nil, period: UInt64? = nil
    ) {
        self.policy = policy
        self.nice = nice
        self.priority = priority
        self.flags = flags
        self.runtime = runtime
        self.deadline = deadline
        self.period = period
    }
}

/// `process.ioPriority` (`ioprio_set(2)`).
public struct IOPriority: Codable, Equatable, Sendable {
    /// `IOPRIO_CLASS_RT`, `IOPRIO_CLASS_BE` or `IOPRIO_CLASS_IDLE`.
    public var `class`: String
    public var priority: Int32

    public init(class: String, priority: Int32) {
        self.class = `class`
        self.priority = priority
    }
}

/// `process.execCPUAffinity`: CPU lists such as `0-3,7`.
public struct CPUAffinity: Codable, Equatable, Sendable {
    public var initial: String?
    public var final: String?

    public init(initial: String? = nil, final: String? = nil) {
        self.initial = initial
        self.final = final
    }
}
