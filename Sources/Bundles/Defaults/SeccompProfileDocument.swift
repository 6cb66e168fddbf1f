import OCI

/// A seccomp profile as Docker and Podman write it (moby
/// `profiles/seccomp`): the OCI `linux.seccomp` object plus `archMap` and,
/// per rule, `includes`/`excludes` filters on capabilities, architectures
/// and kernel version, resolved when the container's capabilities are
/// known. A plain OCI `linux.seccomp` object reads as one without filters.
public struct SeccompProfileDocument: Codable, Equatable, Sendable {
    public var defaultAction: String
    public var defaultErrnoRet: UInt32?
    /// OCI form: the architectures, as they are.
    public var architectures: [String]?
    /// Docker form: per native architecture, the ones it also runs.
    public var archMap: [ArchitectureMap]?
    public var flags: [String]?
    public var syscalls: [Rule]?

    public init(
        defaultAction: String, defaultErrnoRet: UInt32? = nil, architectures: [String]? = nil,
        archMap: [ArchitectureMap]? = nil, flags: [String]? = nil, syscalls: [Rule]? = nil
    ) {
        self.defaultAction = defaultAction
        self.defaultErrnoRet = defaultErrnoRet
        self.architectures = architectures
        self.archMap = archMap
        self.flags = flags
        self.syscalls = syscalls
    }

    public struct ArchitectureMap: Codable, Equatable, Sendable {
        public var architecture: String
        public var subArchitectures: [String]?

        public init(architecture: String, subArchitectures: [String]? = nil) {
            self.architecture = architecture
            self.subArchitectures = subArchitectures
        }
    }

    /// A group of syscalls with one action; `name` (one) or `names`.
    public struct Rule: Codable, Equatable, Sendable {
        public var name: String?
        public var names: [String]?
        public var action: String
        public var errnoRet: UInt32?
        public var args: [OCI.Seccomp.Arg]?
        public var comment: String?
        /// The rule applies only if all of these hold.
        public var includes: Filter?
        /// The rule is dropped if any of these holds.
        public var excludes: Filter?

        public init(
            names: [String], action: String, errnoRet: UInt32? = nil, args: [OCI.Seccomp.Arg]? = nil,
            includes: Filter? = nil, excludes: Filter? = nil
        ) {
            self.names = names
            self.action = action
            self.errnoRet = errnoRet
            self.args = args
            self.includes = includes
            self.excludes = excludes
        }
    }

    /// Conditions on the container: capabilities in its bounding set, the
    /// host's architecture (Go names: `amd64`, `arm64`, `s390x`…), the
    /// kernel version (`4.8`).
    public struct Filter: Codable, Equatable, Sendable {
        public var caps: [String]?
        public var arches: [String]?
        public var minKernel: String?

        public init(caps: [String]? = nil, arches: [String]? = nil, minKernel: String? = nil) {
            self.caps = caps
            self.arches = arches
            self.minKernel = minKernel
        }
    }
}

/// Why a profile file cannot be used: said after the file's name.
public enum SeccompProfileError: Error, Equatable, Sendable, CustomStringConvertible {
    case bothArchitecturesAndArchMap
    case bothNameAndNames(rule: Int)
    case noNames(rule: Int)
    case noDefaultAction

    public var description: String {
        switch self {
        case .bothArchitecturesAndArchMap:
            return "both 'architectures' and 'archMap' are set (use one of them)"
        case .bothNameAndNames(let rule):
            return "syscalls[\(rule)]: both 'name' and 'names' are set (use one of them)"
        case .noNames(let rule):
            return "syscalls[\(rule)]: no 'name' or 'names'"
        case .noDefaultAction:
            return "no 'defaultAction' (e.g. \"SCMP_ACT_ERRNO\")"
        }
    }
}

extension SeccompProfileDocument {
    /// The checks moby makes before using a profile.
    public func validate() throws(SeccompProfileError) {
        if defaultAction.isEmpty { throw .noDefaultAction }
        if !(architectures ?? []).isEmpty && !(archMap ?? []).isEmpty { throw .bothArchitecturesAndArchMap }
        for (index, rule) in (syscalls ?? []).enumerated() {
            let hasName = !(rule.name ?? "").isEmpty
            let hasNames = !(rule.names ?? []).isEmpty
            if hasName && hasNames { throw .bothNameAndNames(rule: index) }
            if !hasName && !hasNames { throw .noNames(rule: index) }
        }
    }
}
