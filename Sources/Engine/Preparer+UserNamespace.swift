import Bundles
import Definitions
import OCI
import Syscalls

/// A container with a user namespace of its own (`UserNS=auto`,
/// `UIDMap=`/`GIDMap=`): its maps, and a root filesystem its mapped root
/// owns — the image's layers are idmapped mounts (the host's root-owned
/// files are the container's root's), under a writable layer owned by the
/// host ID the container's root is. Needs idmapped lower layers in
/// overlayfs (Linux 5.19).
extension Preparer {
    /// The container's ID maps, nil for `UserNS=host`; `UserNS=auto`
    /// allocates (or finds again) its host range.
    func userNamespaceMaps(for definition: ContainerDefinition) throws(LifecycleError)
        -> (uid: [IDRange], gid: [IDRange])?
    {
        let options = definition.userNamespace
        switch options.mode {
        case .auto(let size):
            let range = try UserNamespaceAllocator(paths: paths).range(for: definition.name, size: size)
            return ([range], [range])
        case .host:
            return options.explicitMaps
        }
    }

    /// Gives the spec the container's user namespace, if it has one.
    func applyUserNamespace(_ definition: ContainerDefinition, to spec: inout Spec) throws(LifecycleError) {
        guard let maps = try userNamespaceMaps(for: definition) else { return }
        Bundles.applyUserNamespace(uid: maps.uid, gid: maps.gid, to: &spec)
    }

    /// `Overlay.mount`, with the lower layers seen through the container's
    /// maps when it has a user namespace of its own.
    func mountRootOverlay(
        lower: [String], upper: String, work: String, target: String, for definition: ContainerDefinition
    ) throws {
        guard let maps = try userNamespaceMaps(for: definition) else {
            try Overlay.mount(lower: lower, upper: upper, work: work, target: target)
            return
        }
        let fileContents = { (ranges: [IDRange]) in
            ranges.map { "\($0.containerID) \($0.hostID) \($0.size)\n" }.joined()
        }
        let namespace = try IdmappedMount.userNamespace(uidMap: fileContents(maps.uid), gidMap: fileContents(maps.gid))
        defer { namespace.close() }
        let layersDirectory = paths.bundle(definition.name) + "/layers"
        var attached: [String] = []
        // The overlay keeps private clones of its layers' mounts, so the
        // attached idmapped mounts go again right after it is mounted.
        defer {
            for layer in attached { try? Mounts.unmount(layer, detach: true) }
            try? FileSystem.removeTree(layersDirectory)
        }
        for (index, layer) in lower.enumerated() {
            let mountPoint = "\(layersDirectory)/\(index)"
            try FileSystem.makeDirectories(mountPoint, permissions: 0o700)
            let tree = try idmappedLayer(layer, userNamespace: namespace)
            defer { tree.close() }
            let target = try FileDescriptor.open(mountPoint, [.readOnly, .directory])
            defer { target.close() }
            if let errno = IdmappedMount.attach(tree.rawValue, onto: target.rawValue) {
                throw SyscallError("attach the idmapped mount of \(layer) on \(mountPoint)", errno: errno)
            }
            attached.append(mountPoint)
        }
        // The writable layer's root is the container's /: its root owns it.
        if let uid = hostID(of: 0, in: maps.uid), let gid = hostID(of: 0, in: maps.gid) {
            try UserNamespaceFiles.changeOwner(upper, uid: uid, gid: gid)
        }
        try Overlay.mount(lower: attached, upper: upper, work: work, target: target)
        // The runtime binds the root from inside the user namespace, as the
        // mapped root: it must be able to pass through to it (not list).
        var directory = paths.bundle(definition.name)
        while directory.hasPrefix(paths.volatileRoot) && directory.count >= paths.volatileRoot.count {
            try UserNamespaceFiles.changeMode(directory, 0o711)
            directory = FileSystem.parentDirectory(of: directory)
        }
    }

    /// A detached idmapped copy of the mount of one layer.
    private func idmappedLayer(_ layer: String, userNamespace: FileDescriptor) throws(SyscallError)
        -> FileDescriptor
    {
        do {
            return try IdmappedMount.detachedTree(
                of: layer, recursiveTree: false, recursiveIdmap: false, userNamespace: userNamespace)
        } catch {
            guard error.errno == .invalidArgument else { throw error }
            // overlayfs, NFS and others cannot be idmapped; a chown'ed copy
            // of the layers is not made (yet).
            throw SyscallError(
                "UserNS=: idmap image layer \(layer): its file system has no idmapped mounts "
                    + "(keep images and root directories on ext4, xfs, btrfs or tmpfs)", errno: error.errno)
        }
    }
}
