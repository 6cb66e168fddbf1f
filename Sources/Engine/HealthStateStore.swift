import Definitions
import ImageSpec
import ImageStore
import JSON
import Syscalls

/// Where the health of each running container is kept:
/// `/run/swctl/health/NAME.json` (volatile: a reboot starts afresh).
public struct HealthStateStore: Sendable {
    public var paths: StatePaths

    public init(paths: StatePaths) {
        self.paths = paths
    }

    public var directory: String { "\(paths.volatileRoot)/health" }
    public func statePath(_ name: String) -> String { "\(directory)/\(name).json" }
    func lockPath(_ name: String) -> String { "\(directory)/\(name).lock" }

    /// The recorded state; nil when no check has run (or the file is unreadable).
    public func load(_ name: String) -> HealthState? {
        guard let bytes = try? FileSystem.readFile(statePath(name)) else { return nil }
        return try? JSONDecoder().decode(HealthState.self, from: bytes)
    }

    /// The state of the current run of `name` (its init `containerPID`), nil
    /// when what is recorded belongs to an earlier run.
    public func load(_ name: String, containerPID: Int32) -> HealthState? {
        guard let state = load(name), state.containerPID == containerPID else { return nil }
        return state
    }

    /// Replaces the state file in one rename; with a log directory
    /// (`HealthLogDestination=/DIR`) writes `DIR/NAME-healthcheck.log` too.
    public func save(_ state: HealthState, name: String, destination: HealthLogDestination) throws(LifecycleError) {
        let bytes: [UInt8]
        do {
            bytes = try JSONEncoder(outputFormatting: [.sortedKeys]).encode(state)
        } catch {
            throw LifecycleError("health \(name): encode state: \(error)")
        }
        do {
            try FileSystem.makeDirectories(directory, permissions: 0o755)
            try FileSystem.writeFileAtomically(statePath(name), contents: bytes, permissions: 0o644)
            if case .directory(let logDirectory) = destination {
                try FileSystem.makeDirectories(logDirectory, permissions: 0o755)
                try FileSystem.writeFileAtomically(
                    "\(logDirectory)/\(name)-healthcheck.log", contents: bytes, permissions: 0o644)
            }
        } catch {
            throw LifecycleError("health \(name): save state: \(error)")
        }
    }

    /// Held while a check runs: a timer's check and one run by hand never
    /// record over each other.
    public func lock(_ name: String) throws(LifecycleError) -> FileLock {
        do {
            try FileSystem.makeDirectories(directory, permissions: 0o755)
            return try FileLock.exclusive(lockPath(name))
        } catch {
            throw LifecycleError("health \(name): lock \(lockPath(name)): \(error)")
        }
    }

    /// Forgets the health of `name` (at cleanup: the next run starts afresh).
    public func remove(_ name: String) {
        try? FileSystem.removeFile(statePath(name))
        try? FileSystem.removeFile(lockPath(name))
    }
}

/// The check a definition runs: its `Health*=` keys over the HEALTHCHECK of
/// the image `Image=` names (read from the store; nil when not stored).
public func resolvedHealthCheck(_ definition: ContainerDefinition, paths: StatePaths) -> HealthCheck? {
    if case .disabled = definition.health.command { return nil }
    var imageCheck: ImageHealthcheck?
    if definition.health.command == nil, !definition.image.hasPrefix("/"),
        let reference = try? ImageReference(parsing: definition.image),
        let image = try? ImageStore(stateRoot: paths.persistentRoot).resolve(reference)
    {
        imageCheck = image.config.config?.healthcheck
    }
    return definition.health.resolved(image: imageCheck)
}
