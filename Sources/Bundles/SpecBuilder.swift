import Definitions
import OCI

/// What `swctl prepare` has read from the host and the image for one
/// container, handed to `buildSpec` so that building the spec stays pure.
public struct SpecInputs: Sendable {
    public var definition: ContainerDefinition
    /// The container's root filesystem as the runtime will see it (the
    /// overlay's merged dir, or the image directory itself when read-only).
    public var rootfsPath: String
    public var user: ResolvedUser
    /// Parsed `EnvironmentFile=` contents, in the definition's order.
    public var environmentFiles: [[(name: String, value: String)]]
    /// Seccomp profile file, AppArmor profile, devices (SecuritySpec.swift).
    public var host: HostSecurity = HostSecurity()
    /// From the image config (labels, stop signal, exposed ports); swctl's
    /// own annotations win over a label of the same name.
    public var imageAnnotations: [String: String] = [:]

    public init(
        definition: ContainerDefinition, rootfsPath: String, user: ResolvedUser = .root,
        environmentFiles: [[(name: String, value: String)]] = []
    ) {
        self.definition = definition
        self.rootfsPath = rootfsPath
        self.user = user
        self.environmentFiles = environmentFiles
    }
}

public enum SpecBuildError: Error, Equatable, CustomStringConvertible {
    /// Neither `Exec=` nor `Entrypoint=` gives a command, and a directory
    /// image has no image config to supply one.
    case noCommand(definition: String)

    public var description: String {
        switch self {
        case .noCommand(let definition):
            return "\(definition): Exec= or Entrypoint= is needed: Image= is a root filesystem directory, "
                + "which has no image config to supply a command"
        }
    }
}

/// The `PATH` a container gets unless the definition sets one (Docker's).
public let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/// The annotation that names the container (shown by `swctl-runtime state`).
public let nameAnnotation = "org.swctl.container.name"
/// The annotation that names the definition file the spec was built from.
public let definitionAnnotation = "org.swctl.container.definition"
/// Asks swctl-runtime to register the running container with
/// systemd-machined under this name (machinectl list/status).
public let machineAnnotation = "org.swctl.machine"

/// Builds the OCI runtime spec of one container: the middle step of
/// `definition → spec → process`.
public func buildSpec(_ inputs: SpecInputs) throws(SpecBuildError) -> Spec {
    let definition = inputs.definition
    let args = (definition.entrypoint ?? []) + (definition.exec ?? [])
    guard !args.isEmpty else { throw .noCommand(definition: definition.sourcePath) }
    let hostname = definition.hostName ?? definition.machineName  // foo@bar → foo-bar: a host name has no '@'

    let process = Process(
        terminal: definition.terminal ? true : nil,
        user: User(
            uid: inputs.user.uid, gid: inputs.user.gid,
            additionalGids: inputs.user.additionalGids.isEmpty ? nil : inputs.user.additionalGids),
        args: args,
        env: containerEnvironment(inputs, hostname: hostname),
        cwd: definition.workingDir ?? "/",
        capabilities: processCapabilities(definition.security, uid: inputs.user.uid),
        rlimits: processLimits(definition.resources),
        noNewPrivileges: definition.security.noNewPrivileges,
        apparmorProfile: inputs.host.appArmorProfile)

    var namespaces: [Namespace] = [
        Namespace(type: .pid), Namespace(type: .mount), Namespace(type: .ipc),
        Namespace(type: .uts), Namespace(type: .cgroup),
    ]
    // `swctl prepare` sets the path of the namespace it made (or the one
    // `Network=container:NAME` joins); only the host mode has none.
    if definition.network != .host { namespaces.append(Namespace(type: .network)) }

    let linux = Linux(
        namespaces: namespaces,
        devices: inputs.host.devices.isEmpty ? nil : inputs.host.devices,
        // Relative to the runtime's own cgroup: under systemd that is the
        // unit's delegated cgroup, so the container lands in
        // ctr@NAME.service/container and the unit's limits apply to it.
        cgroupsPath: "container",
        // As Docker and podman: no device but the runtime's defaults (null,
        // zero, full, random, urandom, tty, ptmx, pts) may be opened or
        // made, whatever CAP_MKNOD allows.
        resources: Resources(devices: deviceRules(definition.security, host: inputs.host)),
        sysctl: definitionSysctls(definition),
        seccomp: seccompFilter(
            definition.security, host: inputs.host, bounding: capabilitySet(definition.security)),
        maskedPaths: maskedPaths(definition.security),
        readonlyPaths: readonlyPaths(definition.security))

    return Spec(
        process: process,
        root: Root(path: inputs.rootfsPath, readonly: definition.readOnly ? true : nil),
        hostname: hostname,
        mounts: sizedShm(defaultMounts, definition.resources) + readOnlyTmpfsMounts(definition)
            + userMounts(definition),
        annotations: inputs.imageAnnotations.merging(definitionAnnotations(definition)) { $1 }.merging([
            nameAnnotation: definition.name, definitionAnnotation: definition.sourcePath,
            machineAnnotation: definition.machineName,
        ]) { $1 }.merging(confinementAnnotations(inputs)) { $1 },
        linux: linux)
}

/// Environment in Docker's order of precedence: defaults, then
/// `EnvironmentFile=` files, then `Environment=` (a later one wins).
func containerEnvironment(_ inputs: SpecInputs, hostname: String) -> [String] {
    let defaults: [(name: String, value: String)] = [
        ("PATH", defaultPath), ("HOSTNAME", hostname), ("HOME", inputs.user.home), ("container", "swctl"),
    ] + (inputs.definition.terminal ? [("TERM", "xterm")] : [])  // as docker run -t
    let explicit = inputs.definition.environment.map { (name: $0.name, value: $0.value) }
    return mergeEnvironment([defaults] + inputs.environmentFiles + [explicit])
}

/// `Tmpfs=` and `Volume=` mounts, parents before children (sorted by
/// depth, stable), so a volume inside another volume is not hidden by it.
func userMounts(_ definition: ContainerDefinition) -> [Mount] {
    let tmpfs = definition.tmpfs.map { entry in
        Mount(
            destination: entry.destination, type: "tmpfs", source: "tmpfs", options: defaultTmpfsOptions + entry.options
        )
    }
    let binds = definition.volumes.map { volume in
        Mount(destination: volume.destination, type: "bind", source: volume.source, options: bindOptions(volume))
    }
    return (tmpfs + binds).enumerated()
        .sorted { lhs, rhs in
            let (l, r) = (depth(lhs.element.destination), depth(rhs.element.destination))
            return l != r ? l < r : lhs.offset < rhs.offset
        }
        .map(\.element)
}

/// Bind options: recursive by default (`docker -v`), private propagation,
/// plus what the definition asked for. SELinux relabel flags (`z`, `Z`) are
/// dropped: there is no SELinux labelling here.
func bindOptions(_ volume: VolumeMount) -> [String] {
    // `U` is a chown by `swctl prepare`, not a mount option.
    var options = volume.options.filter { !["z", "Z", "ro", "rw", "U"].contains($0) }
    if !options.contains("bind") && !options.contains("rbind") { options.insert("rbind", at: 0) }
    let propagation = ["private", "rprivate", "shared", "rshared", "slave", "rslave"]
    if !options.contains(where: propagation.contains) { options.append("rprivate") }
    options.append(volume.readOnly ? "ro" : "rw")
    return options
}

private func depth(_ path: String) -> Int {
    path.split(separator: "/").count
}
