import Bundles
import Definitions
import JSON
import OCI
import Syscalls

extension Preparer {
    /// What the spec's confinement needs from the host: the
    /// `SeccompProfile=` file, the AppArmor profile (loaded if it is the
    /// default one), the `AddDevice=` device numbers, the kernel version.
    func hostSecurity(for definition: ContainerDefinition) throws(LifecycleError) -> HostSecurity {
        var host = HostSecurity()
        host.kernel = (try? FileSystem.readTextFile("/proc/sys/kernel/osrelease")).flatMap(KernelVersion.init)
        if case .file(let path) = definition.security.seccompProfile {
            host.seccompProfile = try loadSeccompProfile(path, definition: definition)
        }
        host.appArmorProfile = try appArmorProfile(for: definition)
        host.devices = try devices(for: definition)
        return host
    }

    /// A Docker or OCI seccomp profile; errors are one line naming the file.
    func loadSeccompProfile(
        _ path: String, definition: ContainerDefinition
    ) throws(LifecycleError) -> SeccompProfileDocument {
        let prefix = "\(definition.sourcePath): SeccompProfile=\(path)"
        let bytes: [UInt8]
        do { bytes = try FileSystem.readFile(path) } catch { throw LifecycleError("\(prefix): \(error)") }
        let document: SeccompProfileDocument
        do {
            document = try JSONDecoder().decode(SeccompProfileDocument.self, from: bytes)
        } catch {
            throw LifecycleError("\(prefix): not a seccomp profile: \(error)")
        }
        do { try document.validate() } catch { throw LifecycleError("\(prefix): \(error)") }
        return document
    }

    /// `AppArmor=`: the default profile where AppArmor is enabled (loaded
    /// now if needed), nothing where it is not; a named profile must be
    /// loaded already.
    func appArmorProfile(for definition: ContainerDefinition) throws(LifecycleError) -> String? {
        let loader = AppArmorLoader(directory: paths.persistentRoot + "/apparmor")
        switch definition.security.appArmor {
        case .unconfined:
            return nil
        case .default:
            return loader.isEnabled ? try loader.ensureDefaultProfile() : nil
        case .profile(let name):
            guard loader.isEnabled else {
                throw LifecycleError(
                    "\(definition.sourcePath): AppArmor=\(name): AppArmor is not enabled in this kernel (use AppArmor=unconfined)"
                )
            }
            guard loader.isLoaded(name) else {
                throw LifecycleError(
                    "\(definition.sourcePath): AppArmor=\(name): no such profile is loaded (load it with apparmor_parser -r)"
                )
            }
            return name
        }
    }

    /// `AddDevice=`: each host device node as the spec's `linux.devices`
    /// entry (type, numbers, mode and owner from the host).
    func devices(for definition: ContainerDefinition) throws(LifecycleError) -> [Device] {
        var devices: [Device] = []
        for mapping in definition.security.devices {
            let node: DeviceNode?
            do { node = try DeviceNode.status(mapping.hostPath) } catch {
                throw LifecycleError("\(definition.sourcePath): AddDevice=\(mapping.hostPath): \(error)")
            }
            guard let node else {
                if mapping.optional { continue }
                throw LifecycleError(
                    "\(definition.sourcePath): AddDevice=\(mapping.hostPath): no such device (prefix it with '-' if it may be absent)"
                )
            }
            devices.append(
                Device(
                    type: node.isBlock ? "b" : "c", path: mapping.containerPath, major: Int64(node.major),
                    minor: Int64(node.minor), fileMode: node.permissions, uid: node.uid, gid: node.gid))
        }
        return devices
    }
}
