/// Where swctl keeps its state: files under the persistent root
/// (`/var/lib/swctl`, moved by `SWCTL_ROOT` for tests) and the volatile root
/// (`/run/swctl`, moved by `SWCTL_RUN`). There is no daemon; these files,
/// systemd's units and the journal are the whole state.
public struct StatePaths: Sendable, Equatable {
    public var persistentRoot: String
    public var volatileRoot: String

    public init(persistentRoot: String = "/var/lib/swctl", volatileRoot: String = "/run/swctl") {
        self.persistentRoot = persistentRoot
        self.volatileRoot = volatileRoot
    }

    /// The paths for this process, honouring `SWCTL_ROOT` and `SWCTL_RUN`.
    public static func fromEnvironment(_ environment: [String: String]) -> StatePaths {
        StatePaths(
            persistentRoot: environment["SWCTL_ROOT"].flatMap { $0.isEmpty ? nil : $0 } ?? "/var/lib/swctl",
            volatileRoot: environment["SWCTL_RUN"].flatMap { $0.isEmpty ? nil : $0 } ?? "/run/swctl")
    }

    /// The OCI bundle the runtime is started on (`config.json`, `rootfs/`).
    public func bundle(_ name: String) -> String { "\(volatileRoot)/bundles/\(name)" }
    public func bundleConfig(_ name: String) -> String { "\(bundle(name))/config.json" }
    public func bundleRootfs(_ name: String) -> String { "\(bundle(name))/rootfs" }

    /// The container's writable layer: overlayfs upper and work dirs. Made
    /// fresh at each start (as Quadlet's `podman run --rm`), removed at stop.
    public func writableLayer(_ name: String) -> String { "\(persistentRoot)/containers/\(name)" }
    public func upperDir(_ name: String) -> String { "\(writableLayer(name))/upper" }
    public func workDir(_ name: String) -> String { "\(writableLayer(name))/work" }
}
