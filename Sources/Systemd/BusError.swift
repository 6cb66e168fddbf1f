import CSystemd
import Glibc

/// A failed sd-bus operation: what was attempted, on which object, and why.
///
/// sd-bus reports failures two ways: a negative errno from the call itself
/// (connecting, sending, parsing a reply) and, for method calls, a D-Bus error
/// name from the peer (`org.freedesktop.DBus.Error.AccessDenied`, …). Both end
/// up here so callers can classify a failure without string matching.
public struct BusError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was attempted, e.g. `call StartUnit` or `connect to the system bus`.
    public var operation: String
    /// The object the operation was about (a unit name, an object path), if any.
    public var object: String?
    /// The positive errno value sd-bus returned or derived from the D-Bus error.
    public var code: Int32
    /// The D-Bus error name sent by the peer, if the failure came from a reply.
    public var name: String?
    /// The peer's human-readable message, if any.
    public var message: String?

    public init(operation: String, object: String? = nil, code: Int32, name: String? = nil, message: String? = nil) {
        self.operation = operation
        self.object = object
        self.code = code
        self.name = name
        self.message = message
    }

    /// `true` when the caller lacks the privilege for the call: EACCES/EPERM or
    /// one of the bus's own access-denied errors (polkit included).
    public var isAccessDenied: Bool {
        if code == EACCES || code == EPERM { return true }
        switch name {
        case "org.freedesktop.DBus.Error.AccessDenied",
            "org.freedesktop.DBus.Error.InteractiveAuthorizationRequired",
            "org.freedesktop.DBus.Error.AuthFailed":
            return true
        default:
            return false
        }
    }

    /// `true` when the bus or systemd on it cannot be reached: the connection
    /// failed or broke, or no service owns `org.freedesktop.systemd1`.
    public var isUnreachable: Bool {
        switch name {
        case "org.freedesktop.DBus.Error.ServiceUnknown",
            "org.freedesktop.DBus.Error.NameHasNoOwner",
            "org.freedesktop.DBus.Error.NoServer",
            "org.freedesktop.DBus.Error.Disconnected",
            "org.freedesktop.DBus.Error.NoReply",
            "org.freedesktop.DBus.Error.Timeout":
            return true
        case .some:
            return false
        case nil:
            return Self.unreachableCodes.contains(code)
        }
    }

    /// `true` when systemd does not know the unit (never loaded, no such file).
    public var isNoSuchUnit: Bool {
        name == "org.freedesktop.systemd1.NoSuchUnit" || name == "org.freedesktop.systemd1.LoadFailed"
    }

    /// `true` when the object path does not exist (e.g. a job that has finished).
    public var isUnknownObject: Bool {
        name == "org.freedesktop.DBus.Error.UnknownObject"
            || name == "org.freedesktop.DBus.Error.UnknownMethod"
    }

    /// `true` when a signal had no process to go to (`KillUnit` on a stopped unit).
    /// EINVAL: among others, what systemd answers when a reply cannot be
    /// sent (a property holding a string that is not UTF-8).
    public var isInvalidArgument: Bool { code == EINVAL }

    public var isNoSuchProcess: Bool {
        name == "org.freedesktop.systemd1.NoSuchProcess" || (name == nil && code == ESRCH)
    }

    public var description: String {
        var text = operation
        if let object { text += " \(object)" }
        if let message, !message.isEmpty {
            text += ": \(message)"
        } else {
            text += ": \(ErrnoName.describe(code))"
        }
        return text
    }

    private static let unreachableCodes: Set<Int32> = [
        ENOENT, ECONNREFUSED, ECONNRESET, ENOTCONN, ETIMEDOUT, EHOSTDOWN, EHOSTUNREACH, ENOTSOCK,
        ENXIO, ESHUTDOWN, EPIPE, EADDRNOTAVAIL, ENOMEDIUM,
    ]
}

extension BusError {
    /// Builds an error from an sd-bus return value and the error structure a
    /// failed method call filled in; frees that structure.
    static func from(
        _ result: Int32, _ error: inout sd_bus_error, operation: String, object: String? = nil
    ) -> BusError {
        defer { sd_bus_error_free(&error) }
        let name = error.name.map { String(cString: $0) }
        let message = error.message.map { String(cString: $0) }
        var code = result < 0 ? -result : 0
        if code == 0, name != nil {
            code = sd_bus_error_get_errno(&error)
        }
        return BusError(operation: operation, object: object, code: code, name: name, message: message)
    }

    /// Builds an error from a negative errno returned by an sd-bus call.
    static func from(_ result: Int32, operation: String, object: String? = nil) -> BusError {
        BusError(operation: operation, object: object, code: result < 0 ? -result : result)
    }
}
