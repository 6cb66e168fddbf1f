import Bundles
import Definitions
import Network
import Syscalls

/// `AddHost=`, `DNS=`, `DNSOption=`, `DNSSearch=` applied to the hosts and
/// resolv.conf files the container's network made.
extension Preparer {
    /// On named networks the hosts file is rewritten as peers come and go:
    /// the `AddHost=` lines are kept beside it, and every rewrite appends
    /// them. Written (or removed) before the container joins.
    func recordAddedHosts(_ definition: ContainerDefinition) throws(LifecycleError) {
        guard let network, case .named = definition.network else { return }
        let path = network.paths.addedHostsFile(definition.name)
        guard !definition.nameResolution.hosts.isEmpty else {
            try? FileSystem.removeFile(path)
            return
        }
        do {
            let text = try NameResolutionFiles.lines(definition.nameResolution.hosts, gateway: nil)
            try FileSystem.makeDirectories(FileSystem.parentDirectory(of: path), permissions: 0o755)
            try FileSystem.writeFileAtomically(path, text: text, permissions: 0o644)
        } catch let error as NameResolutionError {
            throw LifecycleError("\(definition.sourcePath): \(error)")
        } catch {
            throw LifecycleError("\(definition.name): write \(path): \(error)")
        }
    }

    /// The attachment with the definition's hosts lines and resolver settings.
    func applyingNameResolution(
        _ definition: ContainerDefinition, to attachment: NetworkAttachment
    ) throws(LifecycleError) -> NetworkAttachment {
        var result = attachment
        if attachment.hostsPath == nil {
            let gateway = definition.network == .bridge ? network?.settings.gateway : nil
            do {
                result.hosts = try NameResolutionFiles.hosts(
                    attachment.hosts, adding: definition.nameResolution.hosts, gateway: gateway)
            } catch {
                throw LifecycleError("\(definition.sourcePath): \(error)")
            }
        }
        result.resolvConf = NameResolutionFiles.resolvConf(attachment.resolvConf, definition.nameResolution)
        return result
    }
}
