import Definitions
import Syscalls

/// What the unit of a `.volume` file does: `swctl volume up NAME` makes the
/// volume and mounts its `Device=`, `swctl volume down NAME` unmounts it
/// (the data stays).
extension VolumeStore {
    /// Makes the volume a file declares (kept when it exists) and mounts
    /// its file system on the data directory unless already mounted.
    @discardableResult
    public func up(_ definition: VolumeDefinition) throws(VolumeError) -> Volume {
        let volume = try create(definition.displayName, options: VolumeOptions(definition), existingOK: true)
        guard let type = definition.type, !Self.isMountPoint(volume.dataPath) else { return volume }
        let (flags, data) = Self.mountFlags(definition.options ?? "")
        do {
            try Mounts.mount(
                source: definition.device ?? type, target: volume.dataPath, type: type, flags: flags,
                data: data.isEmpty ? nil : data)
        } catch {
            throw VolumeError("mount volume \(volume.name) (\(definition.sourcePath)): \(error)")
        }
        if definition.uid != nil || definition.gid != nil {
            // A fresh file system's root belongs to root: give it the owner asked for.
            try? UserNamespaceFiles.changeOwner(volume.dataPath, uid: definition.uid ?? 0, gid: definition.gid ?? 0)
        }
        return volume
    }

    /// Unmounts the file system of the volume `name` when one is mounted.
    public func down(_ name: String) throws(VolumeError) {
        let path = dataPath(name)
        guard Self.isMountPoint(path) else { return }
        do { try Mounts.unmount(path) } catch { throw VolumeError("unmount volume \(name): \(error)") }
    }

    /// mount(8)'s options as `mount(2)` flags and the rest as data for the
    /// file system (`ro,noexec,size=64m` → [.readOnly, .noExec], `size=64m`).
    static func mountFlags(_ options: String) -> (MountFlags, String) {
        let known: [String: MountFlags] = [
            "ro": .readOnly, "nosuid": .noSetuid, "nodev": .noDevices, "noexec": .noExec, "sync": .synchronous,
            "dirsync": .directorySync, "noatime": .noAccessTime, "nodiratime": .noDirectoryAccessTime,
            "relatime": .relativeAccessTime, "strictatime": .strictAccessTime, "bind": .bind,
            "rbind": [.bind, .recursive],
        ]
        var flags: MountFlags = []
        var data: [Substring] = []
        for option in options.split(separator: ",") {
            if let flag = known[String(option)] {
                flags.formUnion(flag)
            } else if option != "rw" && option != "defaults" {
                data.append(option)
            }
        }
        return (flags, data.joined(separator: ","))
    }
}
