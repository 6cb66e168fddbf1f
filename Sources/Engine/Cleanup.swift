import Syscalls

/// `swctl cleanup NAME` (the unit's ExecStopPost): undoes `prepare` and the
/// runtime's state. Idempotent and best effort — it runs after crashes and
/// twice in a row — so every step runs even when one fails, and the first
/// failure is reported.
public struct Cleaner: Sendable {
    public var paths: StatePaths
    /// The runtime binary (`swctl-runtime`), asked to forget the container.
    public var runtimePath: String?

    public init(paths: StatePaths, runtimePath: String? = nil) {
        self.paths = paths
        self.runtimePath = runtimePath
    }

    public func cleanup(name: String, runtimeDelete: Bool = true) throws(LifecycleError) {
        var firstError: LifecycleError?
        func record(_ message: String) {
            if firstError == nil { firstError = LifecycleError("\(name): \(message)") }
        }
        if runtimeDelete, let runtimePath {
            do {
                // `delete --force` of an unknown ID succeeds, as runc's does:
                // a container that never started has nothing to delete.
                let status = try ChildProcess.run(runtimePath, ["delete", "--force", name])
                if status != .exited(0) { record("swctl-runtime delete --force: \(status)") }
            } catch {
                record("\(error)")
            }
        }
        do { try detachNetwork(name) } catch { record("\(error)") }
        do { try Overlay.unmount(paths.bundleRootfs(name)) } catch { record("\(error)") }
        // removeTree refuses to cross into a mount, so a rootfs that could not
        // be unmounted is never deleted through.
        for directory in [paths.bundle(name), paths.writableLayer(name)] {
            do { try FileSystem.removeTree(directory) } catch { record("\(error)") }
        }
        // The health of this run (HealthStateStore.swift): the next starts afresh.
        HealthStateStore(paths: paths).remove(name)
        if let firstError { throw firstError }
    }
}
