import OCI

/// `RunInit=yes`: swctl-init, bind-mounted read-only from the host, becomes
/// the container's PID 1 and runs the container's command as its child.
public enum RunInitSpec {
    /// Where the init appears inside the container (podman: /run/podman-init).
    public static let path = "/run/swctl/init"

    /// Prepends the init to the process's arguments and adds its mount,
    /// after every other mount (so it lands on a `/run` tmpfs, if any).
    public static func apply(initOnHost: String, to spec: inout Spec) {
        let args = spec.process?.args ?? []
        spec.process?.args = [path, "--"] + args
        let mount = Mount(
            destination: path, type: "bind", source: initOnHost,
            options: ["bind", "ro", "nosuid", "nodev", "rprivate"])
        spec.mounts = (spec.mounts ?? []) + [mount]
    }
}
