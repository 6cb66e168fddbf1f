import CSeccomp
import Syscalls

/// Why a seccomp filter cannot be compiled.
public enum SeccompError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownAction(String)
    case unknownArchitecture(String)
    case unknownOperator(String)
    case unknownFlag(String)
    case unsupported(String)
    case library(String, Errno)

    public var description: String {
        switch self {
        case .unknownAction(let name): return "seccomp action \(name): unknown"
        case .unknownArchitecture(let name): return "seccomp architecture \(name): unknown"
        case .unknownOperator(let name): return "seccomp operator \(name): unknown"
        case .unknownFlag(let name): return "seccomp flag \(name): unknown"
        case .unsupported(let what): return "seccomp: \(what) is not supported yet"
        case .library(let operation, let errno): return "\(operation): \(errno)"
        }
    }
}

/// What happens when a filter matches, as in `SCMP_ACT_*`.
public enum SeccompAction: Equatable, Sendable {
    case killThread, killProcess, trap, allow, log
    /// Fail with this errno.
    case errno(UInt32)
    /// Notify a ptrace tracer with this value.
    case trace(UInt32)

    /// `SCMP_ACT_ERRNO` → `.errno(errnoRet ?? EPERM)`; runc's defaults.
    public init(name: String, errnoRet: UInt32?) throws(SeccompError) {
        switch name {
        case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD": self = .killThread
        case "SCMP_ACT_KILL_PROCESS": self = .killProcess
        case "SCMP_ACT_TRAP": self = .trap
        case "SCMP_ACT_ALLOW": self = .allow
        case "SCMP_ACT_LOG": self = .log
        case "SCMP_ACT_ERRNO": self = .errno(errnoRet ?? 1)
        case "SCMP_ACT_TRACE": self = .trace(errnoRet ?? 1)
        case "SCMP_ACT_NOTIFY": throw .unsupported("SCMP_ACT_NOTIFY (seccomp listener)")
        default: throw .unknownAction(name)
        }
    }

    var value: UInt32 {
        switch self {
        case .killThread: return SCMP_ACT_KILL_THREAD
        case .killProcess: return SCMP_ACT_KILL_PROCESS
        case .trap: return SCMP_ACT_TRAP
        case .allow: return SCMP_ACT_ALLOW
        case .log: return SCMP_ACT_LOG
        case .errno(let value): return swctl_scmp_act_errno(UInt16(truncatingIfNeeded: value))
        case .trace(let value): return swctl_scmp_act_trace(UInt16(truncatingIfNeeded: value))
        }
    }
}

/// A condition on one syscall argument (`SCMP_CMP_*`).
public struct SeccompCondition: Equatable, Sendable {
    public var index: UInt32
    public var op: String
    public var value: UInt64
    public var valueTwo: UInt64

    public init(index: UInt32, op: String, value: UInt64, valueTwo: UInt64 = 0) {
        self.index = index
        self.op = op
        self.value = value
        self.valueTwo = valueTwo
    }

    func compiled() throws(SeccompError) -> scmp_arg_cmp {
        let compare: scmp_compare
        switch op {
        case "SCMP_CMP_NE": compare = SCMP_CMP_NE
        case "SCMP_CMP_LT": compare = SCMP_CMP_LT
        case "SCMP_CMP_LE": compare = SCMP_CMP_LE
        case "SCMP_CMP_EQ": compare = SCMP_CMP_EQ
        case "SCMP_CMP_GE": compare = SCMP_CMP_GE
        case "SCMP_CMP_GT": compare = SCMP_CMP_GT
        case "SCMP_CMP_MASKED_EQ": compare = SCMP_CMP_MASKED_EQ
        default: throw .unknownOperator(op)
        }
        guard index < 6 else { throw .unsupported("argument index \(index)") }
        return scmp_arg_cmp(arg: index, op: compare, datum_a: value, datum_b: valueTwo)
    }
}

/// One rule: these syscalls, when all conditions hold, take this action.
public struct SeccompRule: Equatable, Sendable {
    public var names: [String]
    public var action: SeccompAction
    public var conditions: [SeccompCondition]

    public init(names: [String], action: SeccompAction, conditions: [SeccompCondition] = []) {
        self.names = names
        self.action = action
        self.conditions = conditions
    }
}

/// A seccomp filter compiled by libseccomp into a classic BPF program,
/// before clone, so the child only makes the `seccomp(2)` call.
public struct SeccompProgram: Equatable, Sendable {
    /// `struct sock_filter` instructions, 8 bytes each.
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The `SCMP_ARCH_*` names libseccomp 2.5 knows.
    public static let architectureNames = [
        "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64",
        "SCMP_ARCH_MIPS64N32",
        "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PARISC",
        "SCMP_ARCH_PARISC64",
        "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE", "SCMP_ARCH_RISCV64", "SCMP_ARCH_S390",
        "SCMP_ARCH_S390X", "SCMP_ARCH_X32", "SCMP_ARCH_X86", "SCMP_ARCH_X86_64",
    ].filter { (try? architecture($0)) != nil }

    /// `SCMP_ARCH_X86_64` → libseccomp's token; the native one is always in.
    static func architecture(_ name: String) throws(SeccompError) -> UInt32 {
        guard name.hasPrefix("SCMP_ARCH_") else { throw .unknownArchitecture(name) }
        let token = seccomp_arch_resolve_name(String(name.dropFirst(10)).lowercased())
        guard token != 0 else { throw .unknownArchitecture(name) }
        return token
    }

    /// Compiles the filter as runc does: unknown syscall names are skipped
    /// (the profile may name syscalls this libseccomp does not know), a rule
    /// whose action is the default one is dropped, and conditions with a
    /// repeated argument index become one rule each (an OR), since
    /// libseccomp refuses them in one rule.
    public static func compile(
        defaultAction: SeccompAction, architectures: [String], rules: [SeccompRule]
    ) throws(SeccompError) -> SeccompProgram {
        guard let context = seccomp_init(defaultAction.value) else {
            throw .library("seccomp_init", .invalidArgument)
        }
        defer { seccomp_release(context) }
        // The filter is exported, not loaded: no_new_privs is the spec's business.
        _ = seccomp_attr_set(context, SCMP_FLTATR_CTL_NNP, 0)
        for name in architectures {
            let token = try architecture(name)
            let result = seccomp_arch_add(context, token)
            if result < 0, result != -17 {  // EEXIST: the native architecture
                throw .library("seccomp_arch_add \(name)", Errno(rawValue: -result))
            }
        }
        for rule in rules where rule.action != defaultAction {
            let conditions = try rule.conditions.map { condition throws(SeccompError) in
                try condition.compiled()
            }
            let indices = rule.conditions.map(\.index)
            let groups = Set(indices).count == indices.count ? [conditions] : conditions.map { [$0] }
            for name in rule.names {
                let number = seccomp_syscall_resolve_name(name)
                if number == __NR_SCMP_ERROR { continue }
                for group in groups {
                    let result = group.withUnsafeBufferPointer { buffer in
                        seccomp_rule_add_array(
                            context, rule.action.value, number, UInt32(buffer.count), buffer.baseAddress)
                    }
                    if result < 0 {
                        throw .library("seccomp_rule_add \(name)", Errno(rawValue: -result))
                    }
                }
            }
        }
        do {
            return SeccompProgram(
                bytes: try MemoryFile.capture("seccomp_export_bpf") { fd in seccomp_export_bpf(context, fd)
                })
        } catch {
            throw .library(error.operation, error.errno)
        }
    }
}
