/// Keeping a unit loaded while a client waits for its result, as
/// `systemd-run --wait` does: systemd would otherwise unload an inactive
/// unit at once and forget how its main process ended.
extension Manager {
    /// `LoadUnit`: the unit's object path, loading it from disk if needed.
    public func loadUnit(_ name: String) throws(BusError) -> String {
        let call = try bus.methodCall(destination: Self.service, path: Self.path, interface: Self.interface, member: "LoadUnit")
        try call.append(name)
        let reply = try bus.call(call, object: name)
        return try reply.readString("o")
    }

    /// `Unit.Ref`: systemd keeps the unit loaded (and its result readable)
    /// as long as this bus connection lives or until `unrefUnit`.
    public func refUnit(at path: String) throws(BusError) {
        let call = try bus.methodCall(destination: Self.service, path: path, interface: Self.unitInterface, member: "Ref")
        _ = try bus.call(call, object: path)
    }

    /// `Unit.Unref`: drops the reference `refUnit` took.
    public func unrefUnit(at path: String) throws(BusError) {
        let call = try bus.methodCall(
            destination: Self.service, path: path, interface: Self.unitInterface, member: "Unref")
        _ = try bus.call(call, object: path)
    }
}
