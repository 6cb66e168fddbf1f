/// Typed calls on systemd's manager object (`org.freedesktop.systemd1`).
public struct Manager {
    public static let service = "org.freedesktop.systemd1"
    public static let path = "/org/freedesktop/systemd1"
    public static let interface = "org.freedesktop.systemd1.Manager"
    static let unitInterface = "org.freedesktop.systemd1.Unit"
    static let serviceInterface = "org.freedesktop.systemd1.Service"
    static let propertiesInterface = "org.freedesktop.DBus.Properties"

    public let bus: Bus

    public init(bus: Bus) {
        self.bus = bus
    }

    /// The loaded units whose names match one of `patterns` (shell globs) and
    /// whose active or load state is one of `states` (all when empty).
    public func listUnits(states: [String] = [], patterns: [String]) throws(BusError) -> [UnitListEntry] {
        let call = try managerCall("ListUnitsByPatterns")
        try call.append(states)
        try call.append(patterns)
        let reply = try bus.call(call)
        var units: [UnitListEntry] = []
        try reply.enterContainer("a", contents: "(ssssssouso)")
        while try reply.enterContainer("r", contents: "ssssssouso") {
            let name = try reply.readString()
            let description = try reply.readString()
            let loadState = try reply.readString()
            let activeState = try reply.readString()
            let subState = try reply.readString()
            _ = try reply.readString()  // following
            let path = try reply.readString("o")
            let jobID: UInt32 = try reply.readBasic("u")
            _ = try reply.readString()  // job type
            _ = try reply.readString("o")  // job path
            try reply.exitContainer()
            units.append(
                UnitListEntry(
                    name: name, description: description, loadState: loadState,
                    activeState: activeState, subState: subState, path: path, jobID: jobID))
        }
        try reply.exitContainer()
        return units
    }

    /// The object path of a loaded unit, nil when systemd has not loaded it.
    /// Unlike `LoadUnit`, this never loads the unit as a side effect.
    public func loadedUnitPath(_ name: String) throws(BusError) -> String? {
        let call = try managerCall("GetUnit")
        try call.append(name)
        do {
            let reply = try bus.call(call, object: name)
            return try reply.readString("o")
        } catch  where error.isNoSuchUnit {
            return nil
        }
    }

    /// Everything `UnitProperties` holds, in two `GetAll` calls (unit and service).
    ///
    /// systemd cannot send a `GetAll` whose answer holds a string that is not
    /// UTF-8 (an `ExecStart=` with such bytes fails it with EINVAL); then
    /// the properties we need are read one by one.
    public func properties(ofUnitAt path: String) throws(BusError) -> UnitProperties {
        var properties = UnitProperties()
        for interface in [Self.unitInterface, Self.serviceInterface] {
            do {
                try readAll(interface, ofUnitAt: path, into: &properties)
            } catch  where error.isInvalidArgument {
                try readEach(interface, ofUnitAt: path, into: &properties)
            }
        }
        return properties
    }

    private func readEach(_ interface: String, ofUnitAt path: String, into properties: inout UnitProperties)
        throws(BusError)
    {
        let names =
            interface == Self.unitInterface ? UnitProperties.wantedOfUnit + ["Job"] : UnitProperties.wantedOfService
        for name in names {
            let call = try bus.methodCall(
                destination: Self.service, path: path, interface: Self.propertiesInterface, member: "Get")
            try call.append(interface)
            try call.append(name)
            do {
                let reply = try bus.call(call, object: path)
                if name == "Job" {
                    properties.jobID = try Self.readJobID(reply)
                } else {
                    properties.apply(name, try reply.readVariant())
                }
            } catch  where error.isInvalidArgument {
                continue  // this one cannot be sent either: leave its default
            }
        }
    }

    private func readAll(_ interface: String, ofUnitAt path: String, into properties: inout UnitProperties)
        throws(BusError)
    {
        let call = try bus.methodCall(
            destination: Self.service, path: path, interface: Self.propertiesInterface, member: "GetAll")
        try call.append(interface)
        let reply = try bus.call(call, object: path)
        try reply.enterContainer("a", contents: "{sv}")
        while try reply.enterContainer("e", contents: "sv") {
            let name = try reply.readString()
            if name == "Job" {
                properties.jobID = try Self.readJobID(reply)
            } else if UnitProperties.wanted.contains(name) {
                properties.apply(name, try reply.readVariant())
            } else {
                try reply.skip()
            }
            try reply.exitContainer()
        }
        try reply.exitContainer()
    }

    /// The unit's `ActiveState` and whether a job is queued for it: the
    /// cheap check `logs --follow` repeats.
    public func activity(ofUnitAt path: String) throws(BusError) -> (activeState: String, hasJob: Bool) {
        let state = try bus.stringProperty(
            destination: Self.service, path: path, interface: Self.unitInterface, member: "ActiveState")
        let reply = try bus.property(
            destination: Self.service, path: path, interface: Self.unitInterface, member: "Job", type: "(uo)")
        try reply.enterContainer("r", contents: "uo")
        let job: UInt32 = try reply.readBasic("u")
        return (state, job != 0)
    }

    /// `StartUnit`; returns the job's object path.
    public func startUnit(_ name: String, mode: String = "replace") throws(BusError) -> String {
        try enqueue("StartUnit", name, mode)
    }

    /// `StopUnit`; returns the job's object path.
    public func stopUnit(_ name: String, mode: String = "replace") throws(BusError) -> String {
        try enqueue("StopUnit", name, mode)
    }

    /// `RestartUnit` (starts the unit if it is not running); returns the job's object path.
    public func restartUnit(_ name: String, mode: String = "replace") throws(BusError) -> String {
        try enqueue("RestartUnit", name, mode)
    }

    /// `KillUnit`: sends `signal` to the unit's processes; `whom` is `main`,
    /// `control` or `all`.
    public func killUnit(_ name: String, whom: String = "main", signal: Int32) throws(BusError) {
        let call = try managerCall("KillUnit")
        try call.append(name)
        try call.append(whom)
        try call.append(signal)
        _ = try bus.call(call, object: name)
    }

    /// `Reload`: systemd re-reads unit files and runs the generators again;
    /// returns once that is done.
    public func reload() throws(BusError) {
        _ = try bus.call(try managerCall("Reload"), object: "systemd")
    }

    /// `ResetFailedUnit`: forgets the unit's failed state and result.
    public func resetFailedUnit(_ name: String) throws(BusError) {
        let call = try managerCall("ResetFailedUnit")
        try call.append(name)
        _ = try bus.call(call, object: name)
    }

    /// The unit's `FreezerState` (`running`, `freezing`, `frozen`, `thawing`),
    /// one property read instead of `properties(ofUnitAt:)`'s two `GetAll`s.
    public func freezerState(ofUnitAt path: String) throws(BusError) -> String {
        try bus.stringProperty(
            destination: Self.service, path: path, interface: Self.unitInterface, member: "FreezerState")
    }

    /// `FreezeUnit`: freezes every process of the unit through the cgroup
    /// freezer (`FreezerState` becomes `frozen`); returns once they are frozen.
    public func freezeUnit(_ name: String) throws(BusError) {
        let call = try managerCall("FreezeUnit")
        try call.append(name)
        _ = try bus.call(call, object: name)
    }

    /// `ThawUnit`: undoes `freezeUnit` (`FreezerState` back to `running`).
    public func thawUnit(_ name: String) throws(BusError) {
        let call = try managerCall("ThawUnit")
        try call.append(name)
        _ = try bus.call(call, object: name)
    }

    private func enqueue(_ method: String, _ name: String, _ mode: String) throws(BusError) -> String {
        let call = try managerCall(method)
        try call.append(name)
        try call.append(mode)
        let reply = try bus.call(call, object: name)
        return try reply.readString("o")
    }

    private func managerCall(_ member: String) throws(BusError) -> Message {
        try bus.methodCall(destination: Self.service, path: Self.path, interface: Self.interface, member: member)
    }

    /// Reads the `Job` property's variant `(uo)` and returns the job id.
    private static func readJobID(_ reply: Message) throws(BusError) -> UInt32 {
        try reply.enterContainer("v", contents: "(uo)")
        try reply.enterContainer("r", contents: "uo")
        let id: UInt32 = try reply.readBasic("u")
        _ = try reply.readString("o")
        try reply.exitContainer()
        try reply.exitContainer()
        return id
    }
}
