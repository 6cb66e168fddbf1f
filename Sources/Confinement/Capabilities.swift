import CCap
import Syscalls

/// Why a capability set cannot be prepared.
public enum CapabilityError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknown(String)
    case unsupported(String)
    case library(String, Errno)

    public var description: String {
        switch self {
        case .unknown(let name): return "capability \(name): unknown name"
        case .unsupported(let name): return "capability \(name): not supported by this kernel"
        case .library(let operation, let errno): return "\(operation): \(errno)"
        }
    }
}

/// The five capability sets of a process (`process.capabilities`), resolved
/// to numbers and a prepared libcap state before clone, so the child only
/// makes the system calls.
///
/// The child applies them in this order: `dropBounding()` (needs
/// CAP_SETPCAP, so before the UID change), the UID/GID change with
/// PR_SET_KEEPCAPS, `apply()` (effective, permitted, inheritable), then
/// `raiseAmbient()`.
public final class PreparedCapabilities {
    private let state: cap_t
    /// Capabilities to remove from the bounding set.
    public let boundingDrops: [Int32]
    /// Ambient capabilities that can be raised (also permitted and inheritable).
    public let ambient: [Int32]

    /// The number (`CAP_CHOWN` → 0) of a capability name; the `CAP_` prefix
    /// and case are as libcap accepts them.
    public static func number(of name: String) throws(CapabilityError) -> Int32 {
        var value: cap_value_t = 0
        guard cap_from_name(name, &value) == 0 else { throw .unknown(name) }
        return value
    }

    /// The highest capability number the kernel knows, plus one.
    public static var kernelCount: Int32 { cap_max_bits() }

    public init(
        bounding: [String], effective: [String], inheritable: [String], permitted: [String], ambient: [String]
    ) throws(CapabilityError) {
        func numbers(_ names: [String]) throws(CapabilityError) -> [Int32] {
            var result: [Int32] = []
            for name in names {
                let value = try PreparedCapabilities.number(of: name)
                // A name the kernel lacks is skipped like runc does for
                // bounding; asking for it elsewhere is an error.
                result.append(value)
            }
            return result
        }
        let count = PreparedCapabilities.kernelCount
        let keep = Set(try numbers(bounding).filter { $0 < count })
        boundingDrops = (0..<count).filter { !keep.contains($0) }
        let effectiveSet = try numbers(effective).filter { $0 < count }
        let permittedSet = try numbers(permitted).filter { $0 < count }
        let inheritableSet = try numbers(inheritable).filter { $0 < count }
        let raisable = Set(permittedSet).intersection(inheritableSet)
        self.ambient = try numbers(ambient).filter { raisable.contains($0) }

        guard let state = cap_init() else { throw .library("cap_init", .init(rawValue: 12)) }
        self.state = state
        for (flag, values) in [
            (CAP_EFFECTIVE, effectiveSet), (CAP_PERMITTED, permittedSet), (CAP_INHERITABLE, inheritableSet),
        ]
        where !values.isEmpty {
            let result = values.withUnsafeBufferPointer { buffer in
                cap_set_flag(state, flag, Int32(buffer.count), buffer.baseAddress, CAP_SET)
            }
            if result != 0 { throw .library("cap_set_flag", .init(rawValue: 22)) }
        }
    }

    deinit {
        cap_free(UnsafeMutableRawPointer(state))
    }

    /// For the child: removes every capability not in `bounding` from the
    /// bounding set. Returns the capability that failed and why.
    public func dropBounding() -> (capability: Int32, errno: Errno)? {
        for value in boundingDrops {
            if let error = Errno.ifFailed({ cap_drop_bound(value) }) { return (value, error) }
        }
        return nil
    }

    /// For the child: sets the effective, permitted and inheritable sets.
    public func apply() -> Errno? {
        Errno.ifFailed { cap_set_proc(state) }
    }

    /// For the child: raises the ambient capabilities (after `apply()`).
    public func raiseAmbient() -> (capability: Int32, errno: Errno)? {
        for value in ambient {
            if let error = Errno.ifFailed({ cap_set_ambient(value, CAP_SET) }) { return (value, error) }
        }
        return nil
    }

    /// The libcap name of a capability number (`cap_chown`), for messages.
    public static func name(of value: Int32) -> String {
        guard let text = cap_to_name(value) else { return "capability \(value)" }
        defer { cap_free(UnsafeMutableRawPointer(text)) }
        return String(cString: text).uppercased()
    }
}

/// `no_new_privs`.
public enum NoNewPrivileges {
    /// For the child, just before exec: execve never grants privileges again.
    public static func set() -> Errno? {
        Prctl.setNoNewPrivileges()
    }
}
