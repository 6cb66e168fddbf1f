import Systemd

/// A container named on the command line, as far as it is known.
struct ContainerReference {
    var name: String
    /// Its definition on disk, if any.
    var definition: DefinitionSummary?
    /// The unit's object path when systemd has it loaded.
    var unitPath: String?

    var unit: String { ContainerName.unit(name) }
}

/// What a command talks to: systemd (connected on first use), the
/// definitions on disk and the clock. Errors come out as `CommandFailure`s.
final class SystemContext {
    let catalog: any DefinitionCatalog
    let clock: WallClock
    private var connected: Manager?

    init(catalog: any DefinitionCatalog, clock: WallClock) {
        self.catalog = catalog
        self.clock = clock
    }

    /// The live system: the system bus, the definition search path, the wall clock.
    static func live() -> SystemContext {
        SystemContext(catalog: StoreCatalog(), clock: .system())
    }

    /// systemd's manager on the system bus.
    func manager() throws(CommandFailure) -> Manager {
        if let connected { return connected }
        do {
            let manager = Manager(bus: try Bus.system())
            connected = manager
            return manager
        } catch {
            if error.isAccessDenied {
                throw CommandFailure(.permissionDenied, "cannot reach systemd: \(error.description)")
            }
            throw CommandFailure(.systemdUnreachable, "cannot reach systemd: \(error.description)")
        }
    }

    /// Looks `name` up in the definitions and among systemd's loaded units;
    /// unknown when it is in neither.
    ///
    /// With `needsBus: false` a definition is enough and systemd is asked only
    /// when there is none (so `logs` works while the bus is down).
    func resolve(_ name: String, action: String, needsBus: Bool = true) throws(CommandFailure) -> ContainerReference {
        let definition: DefinitionSummary?
        do {
            definition = try catalog.definition(named: name)
        } catch {
            throw CommandFailure(.failure, "\(action): read the definition of \(name): \(error)")
        }
        if definition != nil && !needsBus {
            return ContainerReference(name: name, definition: definition, unitPath: nil)
        }
        let path = try onBus(action) { manager throws(BusError) in
            try manager.loadedUnitPath(ContainerName.unit(name))
        }
        guard definition != nil || path != nil else { throw CommandFailure.unknownContainer(name) }
        return ContainerReference(name: name, definition: definition, unitPath: path)
    }

    /// Runs a bus operation, turning its errors into `CommandFailure`s that
    /// start with `action`.
    func onBus<T>(_ action: String, _ body: (Manager) throws(BusError) -> T) throws(CommandFailure) -> T {
        let manager: Manager
        do {
            manager = try self.manager()
        } catch {
            throw CommandFailure(error.exitCode, "\(action): \(error.message)")
        }
        do {
            return try body(manager)
        } catch {
            throw CommandFailure(error, while: action)
        }
    }
}
