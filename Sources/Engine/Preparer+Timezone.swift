import Definitions
import OCI
import Syscalls

/// `Timezone=`: the host's /etc/localtime (`local`) or one of its zone
/// files bound read-only over the container's /etc/localtime.
extension Preparer {
    /// Where zone files are on the host (moved by tests).
    static let zoneDirectory = "/usr/share/zoneinfo"

    func bindTimezone(_ definition: ContainerDefinition, rootfs: String, to spec: inout Spec) throws(LifecycleError) {
        guard let timezone = definition.timezone else { return }
        let source: String
        switch timezone {
        case .local:
            source = "/etc/localtime"
            guard (try? FileSystem.status(source))??.kind == .regular else {
                throw LifecycleError(
                    "\(definition.sourcePath): Timezone=local: the host has no /etc/localtime (set one with timedatectl set-timezone, or name a zone)"
                )
            }
        case .zone(let name):
            source = Self.zoneDirectory + "/" + name
            guard (try? FileSystem.status(source))??.kind == .regular else {
                throw LifecycleError(
                    "\(definition.sourcePath): Timezone=\(name): no such zone in \(Self.zoneDirectory) (use e.g. Europe/Berlin or UTC; apt-get install tzdata)"
                )
            }
        }
        // A read-only image directory is the root itself: never create a file in it.
        if rootfs == definition.image && definition.readOnly
            && (try? FileSystem.status(rootfs + "/etc/localtime", followSymlinks: false)) == nil
        {
            throw LifecycleError(
                "\(definition.sourcePath): Timezone=: the read-only image directory has no /etc/localtime to bind over (create it in the image, or drop ReadOnly=)"
            )
        }
        spec.mounts =
            (spec.mounts ?? []) + [
                Mount(destination: "/etc/localtime", type: "bind", source: source, options: ["bind", "rprivate", "ro"])
            ]
    }
}
