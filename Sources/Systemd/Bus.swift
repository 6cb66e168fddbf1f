import CSystemd
import Glibc

/// A connection to a D-Bus bus, owning its `sd_bus` reference.
///
/// Not thread-safe (neither is sd-bus): use one `Bus` from one task.
public final class Bus {
    let handle: OpaquePointer

    private init(adopting handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        sd_bus_flush_close_unref(handle)
    }

    /// Connects to the system bus (`$DBUS_SYSTEM_BUS_ADDRESS`, else
    /// `/run/dbus/system_bus_socket`).
    public static func system() throws(BusError) -> Bus {
        var handle: OpaquePointer?
        let result = sd_bus_open_system(&handle)
        guard result >= 0, let handle else {
            throw BusError.from(result, operation: "connect to the system bus")
        }
        return Bus(adopting: handle)
    }

    /// A new method call to fill in with `Message.append` and send with `call`.
    public func methodCall(
        destination: String, path: String, interface: String, member: String
    ) throws(BusError) -> Message {
        var message: OpaquePointer?
        let result = sd_bus_message_new_method_call(handle, &message, destination, path, interface, member)
        guard result >= 0, let message else {
            throw BusError.from(result, operation: "create call \(member)")
        }
        return Message(adopting: message)
    }

    /// Sends `message` and waits for its reply.
    /// - Parameters:
    ///   - object: named in the error when the call fails.
    ///   - timeout: microseconds; 0 means sd-bus's default (25 s).
    public func call(_ message: Message, object: String? = nil, timeout: UInt64 = 0) throws(BusError) -> Message {
        var error = sd_bus_error(name: nil, message: nil, _need_free: 0)
        var reply: OpaquePointer?
        let result = sd_bus_call(handle, message.handle, timeout, &error, &reply)
        let member = sd_bus_message_get_member(message.handle).map { String(cString: $0) } ?? "method"
        guard result >= 0, let reply else {
            throw BusError.from(result, &error, operation: "call \(member)", object: object)
        }
        sd_bus_error_free(&error)
        return Message(adopting: reply)
    }

    /// `org.freedesktop.DBus.Properties.Get` of one property, positioned at
    /// the property's value (the variant already entered).
    public func property(
        destination: String, path: String, interface: String, member: String, type: String
    ) throws(BusError) -> Message {
        var error = sd_bus_error(name: nil, message: nil, _need_free: 0)
        var reply: OpaquePointer?
        let result = sd_bus_get_property(handle, destination, path, interface, member, &error, &reply, type)
        guard result >= 0, let reply else {
            throw BusError.from(result, &error, operation: "get property \(member) of", object: path)
        }
        sd_bus_error_free(&error)
        return Message(adopting: reply)
    }

    /// One string property (`s` or `o`).
    public func stringProperty(
        destination: String, path: String, interface: String, member: String
    ) throws(BusError) -> String {
        var error = sd_bus_error(name: nil, message: nil, _need_free: 0)
        var value: UnsafeMutablePointer<CChar>?
        let result = sd_bus_get_property_string(handle, destination, path, interface, member, &error, &value)
        guard result >= 0, let value else {
            throw BusError.from(result, &error, operation: "get property \(member) of", object: path)
        }
        defer { free(value) }
        sd_bus_error_free(&error)
        return String(cString: value)
    }

    /// One fixed-size property (`t`, `u`, `i`, `b`, …); `T` must match its size.
    public func trivialProperty<T: FixedWidthInteger>(
        destination: String, path: String, interface: String, member: String, type: Character,
        as: T.Type = T.self
    ) throws(BusError) -> T {
        var error = sd_bus_error(name: nil, message: nil, _need_free: 0)
        var value: T = 0
        let result = sd_bus_get_property_trivial(
            handle, destination, path, interface, member, &error, Message.cType(type), &value)
        guard result >= 0 else {
            throw BusError.from(result, &error, operation: "get property \(member) of", object: path)
        }
        sd_bus_error_free(&error)
        return value
    }

    /// Dispatches every message already received (signal callbacks run here).
    public func processPending() throws(BusError) {
        while true {
            let result = sd_bus_process(handle, nil)
            if result < 0 { throw BusError.from(result, operation: "process bus messages") }
            if result == 0 { return }
        }
    }

    /// Waits until a message arrives or `timeout` microseconds pass. A signal
    /// interrupting the wait counts as a timeout.
    public func wait(timeout: UInt64) throws(BusError) {
        let result = sd_bus_wait(handle, timeout)
        if result < 0 && result != -EINTR {
            throw BusError.from(result, operation: "wait for bus messages")
        }
    }
}
