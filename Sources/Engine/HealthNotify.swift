import Definitions
import OCI

/// `Notify=` in the spec: who tells systemd the container is ready.
extension Preparer {
    /// Where `Notify=yes` puts the unit's notify socket inside the container
    /// (podman's path), named by `$NOTIFY_SOCKET` there.
    public static let containerNotifySocket = "/run/notify/notify.sock"

    /// `Notify=yes`: the unit's notify socket bind-mounted in and
    /// `NOTIFY_SOCKET` set, so the application's own READY=1 reaches
    /// systemd (the drop-in sets NotifyAccess=all). `Notify=healthy`: the
    /// first passing health check sends it. Either way the runtime sends
    /// MAINPID= only (the `org.swctl.notify` annotation).
    func applyNotify(_ definition: ContainerDefinition, to spec: inout Spec) {
        guard definition.notify != .no else { return }
        spec.annotations = (spec.annotations ?? [:]).merging(["org.swctl.notify": "container"]) { _, new in new }
        guard definition.notify == .yes else { return }
        // prepare runs as the unit's ExecStartPre, with the unit's socket in
        // $NOTIFY_SOCKET (NotifyAccess=all); the system manager's otherwise.
        let socket = hostEnvironment["NOTIFY_SOCKET"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/run/systemd/notify"
        var mounts = spec.mounts ?? []
        mounts.append(
            Mount(
                destination: Self.containerNotifySocket, type: "bind", source: socket,
                options: ["bind", "nosuid", "nodev", "noexec"]))
        spec.mounts = mounts
        if var process = spec.process {
            var environment = (process.env ?? []).filter { !$0.hasPrefix("NOTIFY_SOCKET=") }
            environment.append("NOTIFY_SOCKET=\(Self.containerNotifySocket)")
            process.env = environment
            spec.process = process
        }
    }
}
