import Definitions
import Syscalls

/// Named volumes at `swctl prepare`: each `Volume=NAME:/dst` mounts the
/// volume's data directory, made on first use; a volume that is still
/// empty gets the image's content at the mount point (Copy=, Docker's and
/// Podman's behaviour), so a database image's initial files are there.
extension Preparer {
    /// The definition's volumes with the sources of named volumes set.
    func attachVolumes(_ definition: ContainerDefinition, rootfs: String) throws(LifecycleError)
        -> [VolumeMount]
    {
        guard definition.volumes.contains(where: { $0.volume != nil }) else { return definition.volumes }
        let store = VolumeStore(paths: paths)
        var volumes = definition.volumes
        for index in volumes.indices {
            guard let name = volumes[index].volume else { continue }
            do throws(VolumeError) {
                var volume = store.volume(name)
                if volume == nil { volume = try store.create(name, options: declaredOptions(name), existingOK: true) }
                guard let volume else { continue }
                if volume.options.copy {
                    try store.copyIn(name, from: rootfs, at: volumes[index].destination)
                }
                volumes[index].source = volume.dataPath
            } catch {
                throw LifecycleError("\(definition.name): volume \(name): \(error)")
            }
        }
        return volumes
    }

    /// The options a `.volume` file gives the volume `name`, the defaults
    /// when none declares it.
    private func declaredOptions(_ name: String) -> VolumeOptions {
        let store = DefinitionStore.fromEnvironment(hostEnvironment)
        return store.volumeFile(declaring: name).map(VolumeOptions.init) ?? VolumeOptions()
    }
}

extension VolumeStore {
    /// Copies the directory at `destination` inside `rootfs` into the
    /// volume when the volume's data directory is empty: into a sibling
    /// first, then renamed over the empty directory, so a crash never
    /// leaves half a copy that would count as content. Nothing is copied
    /// when the path is not a directory in the image, when any component of
    /// it is a symbolic link (it could point out of the root), or when a
    /// file system is mounted on the volume (a rename cannot replace it).
    func copyIn(_ name: String, from rootfs: String, at destination: String) throws(VolumeError) {
        let lock = try self.lock()
        defer { lock.unlock() }
        let data = dataPath(name)
        guard let entries = try? FileSystem.listDirectory(data), entries.isEmpty, !Self.isMountPoint(data) else {
            return
        }
        var source = rootfs.hasSuffix("/") ? String(rootfs.dropLast()) : rootfs
        for component in destination.split(separator: "/") {
            source += "/" + component
            guard let status = try? FileSystem.status(source, followSymlinks: false), status.kind == .directory
            else { return }
        }
        let staging = volumeDirectory(name) + "/_data.copy"
        do {
            if FileSystem.exists(staging) { try FileSystem.removeTree(staging) }
            try UserNamespaceTreeCopy.copy(from: source, to: staging, uid: { $0 }, gid: { $0 })
            try FileSystem.move(staging, replacing: data)
        } catch {
            try? FileSystem.removeTree(staging)
            throw VolumeError("copy \(destination) of the image into \(data): \(error)")
        }
    }
}
