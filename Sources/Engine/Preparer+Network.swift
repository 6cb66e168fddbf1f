import Definitions
import Network
import OCI
import Syscalls

/// `Network=`: the namespace `swctl prepare` makes and wires (or joins)
/// before the runtime starts, so the runtime only joins it by path and no
/// networking code runs in the runtime.
extension Preparer {
    /// Attaches the container's network and points the spec at it: the
    /// namespace path, and /etc/hosts and /etc/resolv.conf bound from the
    /// bundle. Without `network` (no host plumbing: tests) the spec keeps
    /// a fresh namespace with loopback only.
    func attachNetwork(
        _ definition: ContainerDefinition, rootfs: String, to spec: inout Spec
    ) throws(LifecycleError) {
        guard let network else { return }
        let name = definition.name
        try recordAddedHosts(definition)
        var attachment: NetworkAttachment
        do {
            attachment = try network.attach(
                name: name, mode: definition.network, hostname: definition.hostName ?? name,
                staticAddress: definition.ipAddress, publications: definition.publishPorts,
                aliases: definition.networkAliases)
        } catch {
            throw LifecycleError("\(definition.sourcePath): \(error)")
        }
        attachment = try applyingNameResolution(definition, to: attachment)
        if let path = attachment.namespacePath {
            let namespaces = spec.linux?.namespaces?.map { namespace in
                namespace.type == .network ? Namespace(type: .network, path: path) : namespace
            }
            spec.linux?.namespaces = namespaces
        }
        var files: [(String, String?)] = [("hosts", attachment.hostsPath == nil ? attachment.hosts : nil)]
        if let resolvConf = attachment.resolvConf { files.append(("resolv.conf", resolvConf)) }
        for (file, text) in files {
            // A read-only image directory is the root itself: bind only
            // over files it has, never create one in the image.
            if rootfs == definition.image && !FileSystem.exists(rootfs + "/etc/" + file) { continue }
            // On a named network the hosts file is the network's, rewritten
            // in place as peers come and go.
            let source = text == nil ? attachment.hostsPath ?? "" : paths.bundle(name) + "/" + file
            if let text {
                do { try FileSystem.writeFileAtomically(source, text: text, permissions: 0o644) } catch {
                    throw LifecycleError("\(name): write \(source): \(error)")
                }
            }
            spec.mounts =
                (spec.mounts ?? []) + [
                    Mount(destination: "/etc/" + file, type: "bind", source: source, options: ["rbind", "rprivate"])
                ]
        }
    }
}

extension Preparer {
    /// This preparer with the host's network plumbing, as `swctl prepare`
    /// runs it: the default bridge as swctl.conf sets it
    /// (/etc/swctl/swctl.conf; `SWCTL_CONFIG` moves it).
    public func withHostNetwork() throws(LifecycleError) -> Preparer {
        let config = hostEnvironment["SWCTL_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? "/etc/swctl/swctl.conf"
        var result = self
        do {
            result.network = ContainerNetwork(
                paths: NetworkPaths(volatileRoot: paths.volatileRoot),
                settings: try ContainerNetwork.loadSettings(configPath: config),
                definitionDirectories: DefinitionStore.fromEnvironment(hostEnvironment).searchPath)
        } catch {
            throw LifecycleError(error.description)
        }
        return result
    }
}
