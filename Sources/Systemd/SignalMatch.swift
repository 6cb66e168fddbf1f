import CSystemd

/// A subscription to one D-Bus signal: while it lives, every matching signal
/// the bus dispatches (in `Bus.processPending`) is queued here.
///
/// A queue instead of a Swift callback because sd-bus calls back through a C
/// function pointer, which cannot capture context.
public final class SignalMatch {
    private let bus: Bus
    private var slot: OpaquePointer?
    private var queue: [Message] = []

    /// Installs the match (synchronously, so no signal sent after this returns
    /// is missed).
    public init(
        bus: Bus, sender: String, path: String?, interface: String, member: String
    ) throws(BusError) {
        self.bus = bus
        let userdata = Unmanaged.passUnretained(self).toOpaque()
        var slot: OpaquePointer?
        let result = sd_bus_match_signal(
            bus.handle, &slot, sender, path, interface, member,
            { message, userdata, _ in
                guard let message, let userdata else { return 0 }
                let match = Unmanaged<SignalMatch>.fromOpaque(userdata).takeUnretainedValue()
                sd_bus_message_ref(message)
                match.queue.append(Message(adopting: message))
                return 0
            }, userdata)
        guard result >= 0 else {
            throw BusError.from(result, operation: "subscribe to \(interface).\(member)")
        }
        self.slot = slot
    }

    deinit {
        sd_bus_slot_unref(slot)
    }

    /// The signals received since the last call, oldest first.
    public func drain() -> [Message] {
        defer { queue.removeAll() }
        return queue
    }
}
