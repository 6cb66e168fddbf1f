import CShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A value in a D-Bus message, for the calls the runtime makes.
public indirect enum BusValue: Sendable {
    case string(String)
    case objectPath(String)
    case bool(Bool)
    case uint32(UInt32)
    /// An array of elements of `signature`.
    case array(signature: String, [BusValue])
    /// A struct; `signature` is its contents (`sv`).
    case structure(signature: String, [BusValue])
    /// A variant holding a value of `signature`.
    case variant(signature: String, BusValue)
}

/// The system bus through libsystemd's sd-bus, loaded with dlopen on first
/// use: the runtime links no libsystemd, only a container that asks for the
/// systemd cgroup driver pays for loading it. Synchronous, single-threaded.
public final class SystemdBus {
    private let api: API
    private let bus: UnsafeMutableRawPointer

    /// Connects to the system bus.
    public init() throws(SyscallError) {
        api = try API.shared()
        var handle: UnsafeMutableRawPointer?
        let result = api.openSystem(&handle)
        guard result >= 0, let handle else {
            throw SyscallError("connect to the system bus", errno: Errno(rawValue: -result))
        }
        bus = handle
    }

    deinit { _ = api.flushCloseUnref(bus) }

    /// Calls a method of systemd's manager (`org.freedesktop.systemd1`) and
    /// returns the object path the reply starts with, or nil for a reply
    /// without one. `operation` names the call in errors.
    @discardableResult
    public func callManager(
        _ member: String, _ arguments: [BusValue], operation: String, timeoutMicroseconds: UInt64 = 25_000_000
    ) throws(SyscallError) -> String? {
        try call(
            destination: "org.freedesktop.systemd1", path: "/org/freedesktop/systemd1",
            interface: "org.freedesktop.systemd1.Manager", member, arguments, operation: operation,
            timeoutMicroseconds: timeoutMicroseconds)
    }

    /// Calls `member` of `interface` on `path` at `destination`; returns the
    /// object path the reply starts with, or nil for a reply without one.
    @discardableResult
    public func call(
        destination: String, path objectPath: String, interface: String, _ member: String, _ arguments: [BusValue],
        operation: String, timeoutMicroseconds: UInt64 = 25_000_000
    ) throws(SyscallError) -> String? {
        var message: UnsafeMutableRawPointer?
        var result = api.newMethodCall(bus, &message, destination, objectPath, interface, member)
        guard result >= 0, let message else { throw SyscallError(operation, errno: Errno(rawValue: -result)) }
        defer { _ = api.messageUnref(message) }
        for argument in arguments {
            result = append(argument, to: message)
            if result < 0 { throw SyscallError("\(operation): build message", errno: Errno(rawValue: -result)) }
        }
        var error = swctl_sd_bus_error(name: nil, message: nil, need_free: 0)
        defer { api.errorFree(&error) }
        var reply: UnsafeMutableRawPointer?
        result = api.call(bus, message, timeoutMicroseconds, &error, &reply)
        guard result >= 0, let reply else {
            throw SyscallError(Self.describe(operation, error), errno: Errno(rawValue: -result))
        }
        defer { _ = api.messageUnref(reply) }
        var path: UnsafePointer<CChar>?
        guard api.readBasic(reply, CChar(UInt8(ascii: "o")), &path) > 0, let path else { return nil }
        return String(cString: path)
    }

    /// A string property of an object of systemd's (`ActiveState` of a unit).
    public func stringProperty(path: String, interface: String, _ name: String) throws(SyscallError) -> String {
        var error = swctl_sd_bus_error(name: nil, message: nil, need_free: 0)
        defer { api.errorFree(&error) }
        var value: UnsafeMutablePointer<CChar>?
        let result = api.getPropertyString(bus, "org.freedesktop.systemd1", path, interface, name, &error, &value)
        guard result >= 0, let value else {
            throw SyscallError(Self.describe("read \(name) of \(path)", error), errno: Errno(rawValue: -result))
        }
        defer { free(value) }
        return String(cString: value)
    }

    /// The object path of a unit (`/org/freedesktop/systemd1/unit/…`).
    public func unitPath(_ unit: String) throws(SyscallError) -> String {
        var path: UnsafeMutablePointer<CChar>?
        let result = api.pathEncode("/org/freedesktop/systemd1/unit", unit, &path)
        guard result >= 0, let path else {
            throw SyscallError("encode unit name \(unit)", errno: Errno(rawValue: -result))
        }
        defer { free(path) }
        return String(cString: path)
    }

    private func append(_ value: BusValue, to message: UnsafeMutableRawPointer) -> Int32 {
        func type(_ letter: Unicode.Scalar) -> CChar { CChar(UInt8(ascii: letter)) }
        func container(_ letter: Unicode.Scalar, _ signature: String, _ values: [BusValue]) -> Int32 {
            var result = api.openContainer(message, type(letter), signature)
            if result < 0 { return result }
            for value in values {
                result = append(value, to: message)
                if result < 0 { return result }
            }
            return api.closeContainer(message)
        }
        switch value {
        case .string(let string):
            return string.withCString { api.appendBasic(message, type("s"), $0) }
        case .objectPath(let path):
            return path.withCString { api.appendBasic(message, type("o"), $0) }
        case .bool(let bool):
            var int: Int32 = bool ? 1 : 0
            return api.appendBasic(message, type("b"), &int)
        case .uint32(var number):
            return api.appendBasic(message, type("u"), &number)
        case .array(let signature, let values):
            return container("a", signature, values)
        case .structure(let signature, let values):
            return container("r", signature, values)
        case .variant(let signature, let inner):
            return container("v", signature, [inner])
        }
    }

    private static func describe(_ operation: String, _ error: swctl_sd_bus_error) -> String {
        guard let name = error.name else { return operation }
        let text = error.message.map { String(cString: $0) } ?? ""
        return "\(operation) (\(String(cString: name))\(text.isEmpty ? "" : ": " + text))"
    }
}

extension SystemdBus {
    /// The sd-bus functions, resolved once from libsystemd.so.0.
    private struct API: @unchecked Sendable {
        let openSystem: swctl_sd_bus_open_system_fn
        let flushCloseUnref: swctl_sd_bus_flush_close_unref_fn
        let newMethodCall: swctl_sd_bus_message_new_method_call_fn
        let appendBasic: swctl_sd_bus_message_append_basic_fn
        let openContainer: swctl_sd_bus_message_open_container_fn
        let closeContainer: swctl_sd_bus_message_close_container_fn
        let call: swctl_sd_bus_call_fn
        let readBasic: swctl_sd_bus_message_read_basic_fn
        let messageUnref: swctl_sd_bus_message_unref_fn
        let errorFree: swctl_sd_bus_error_free_fn
        let getPropertyString: swctl_sd_bus_get_property_string_fn
        let pathEncode: swctl_sd_bus_path_encode_fn

        static let library = "libsystemd.so.0"

        static func shared() throws(SyscallError) -> API {
            // The handle stays open for the life of the process (never dlclose'd).
            guard let handle = dlopen(library, RTLD_NOW | RTLD_LOCAL) else {
                let reason = dlerror().map { String(cString: $0) } ?? library
                throw SyscallError(
                    "load \(library) for the systemd cgroup driver (\(reason))", errno: .noSuchFileOrDirectory)
            }
            func symbol<T>(_ name: String, _: T.Type) throws(SyscallError) -> T {
                guard let address = dlsym(handle, name) else {
                    throw SyscallError("find \(name) in \(library)", errno: .noSuchFileOrDirectory)
                }
                return unsafeBitCast(address, to: T.self)
            }
            return API(
                openSystem: try symbol("sd_bus_open_system", swctl_sd_bus_open_system_fn.self),
                flushCloseUnref: try symbol("sd_bus_flush_close_unref", swctl_sd_bus_flush_close_unref_fn.self),
                newMethodCall: try symbol(
                    "sd_bus_message_new_method_call", swctl_sd_bus_message_new_method_call_fn.self),
                appendBasic: try symbol("sd_bus_message_append_basic", swctl_sd_bus_message_append_basic_fn.self),
                openContainer: try symbol("sd_bus_message_open_container", swctl_sd_bus_message_open_container_fn.self),
                closeContainer: try symbol(
                    "sd_bus_message_close_container", swctl_sd_bus_message_close_container_fn.self),
                call: try symbol("sd_bus_call", swctl_sd_bus_call_fn.self),
                readBasic: try symbol("sd_bus_message_read_basic", swctl_sd_bus_message_read_basic_fn.self),
                messageUnref: try symbol("sd_bus_message_unref", swctl_sd_bus_message_unref_fn.self),
                errorFree: try symbol("sd_bus_error_free", swctl_sd_bus_error_free_fn.self),
                getPropertyString: try symbol("sd_bus_get_property_string", swctl_sd_bus_get_property_string_fn.self),
                pathEncode: try symbol("sd_bus_path_encode", swctl_sd_bus_path_encode_fn.self))
        }
    }
}
