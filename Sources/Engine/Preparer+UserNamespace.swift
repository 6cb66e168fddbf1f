import Bundles
import Definitions
import OCI
import Syscalls

/// A container with a user namespace of its own (`UserNS=auto`,
/// `UIDMap=`/`GIDMap=`): its maps, and a root filesystem its mapped root
/// owns — the image's layers are idmapped mounts (the host's root-owned
/// files are the container's root's), under a writable layer owned by the
/// host ID the container's root is. Idmapped lower layers need Linux 5.19
/// and a layer file system with idmapped mounts; elsewhere the layers are
/// chown'ed copies (`LayerCopies`).
extension Preparer {
    /// The container's ID maps, nil for `UserNS=host`; `UserNS=auto`
    /// allocates (or finds again) its host range.
    func userNamespaceMaps(for definition: ContainerDefinition) throws(LifecycleError)
        -> (uid: [IDRange], gid: [IDRange])?
    {
        let options = definition.userNamespace
        if let identity = definition.serviceIdentity {
            return try serviceIdentityMaps(identity, for: definition)
        }
        switch options.mode {
        case .auto(let size):
            let range = try UserNamespaceAllocator(paths: paths).range(for: definition.name, size: size)
            return ([range], [range])
        case .host:
            if let names = options.subordinateNames {
                return try subordinateMaps(uidOwner: names.uid, gidOwner: names.gid, for: definition)
            }
            return options.explicitMaps
        }
    }

    /// `SubUIDMap=`/`SubGIDMap=`: every range of the owner in /etc/subuid
    /// (/etc/subgid), in file order, one after another from container ID 0.
    private func subordinateMaps(uidOwner: String, gidOwner: String, for definition: ContainerDefinition)
        throws(LifecycleError) -> (uid: [IDRange], gid: [IDRange])
    {
        func maps(owner: String, file: String, key: String) throws(LifecycleError) -> [IDRange] {
            let ranges = parseSubordinateRanges((try? FileSystem.readTextFile(file)) ?? "")
            guard let map = subordinateMap(of: owner, in: ranges) else {
                throw LifecycleError(
                    "\(definition.sourcePath): \(key)=\(owner): no range for \(owner) in \(file) (add a line \(owner):START:COUNT, e.g. \(owner):524288:65536)"
                )
            }
            return map
        }
        return (
            try maps(owner: uidOwner, file: "/etc/subuid", key: "SubUIDMap"),
            try maps(owner: gidOwner, file: "/etc/subgid", key: "SubGIDMap")
        )
    }

    /// `[Service] User=`/`DynamicUser=`: the host user is the container's root.
    private func serviceIdentityMaps(_ identity: ServiceIdentity, for definition: ContainerDefinition)
        throws(LifecycleError) -> (uid: [IDRange], gid: [IDRange])
    {
        if let problem = definition.serviceIdentityProblem {
            throw LifecycleError("\(definition.sourcePath): \(problem)")
        }
        switch identity {
        case .dynamic:
            let range = try UserNamespaceAllocator(paths: paths).range(
                for: definition.name, size: UserNamespaceOptions.defaultAutoSize)
            return ([range], [range])
        case .user(let user, let group):
            let read = { (path: String) in (try? FileSystem.readTextFile(path)) ?? "" }
            let accounts = HostAccounts(
                passwd: parsePasswd(read("/etc/passwd")), groups: parseGroup(read("/etc/group")),
                subuid: parseSubordinateRanges(read("/etc/subuid")), subgid: parseSubordinateRanges(read("/etc/subgid"))
            )
            do {
                return try accounts.maps(user: user, group: group)
            } catch {
                switch error {
                case .unknownUser(let name):
                    throw LifecycleError(
                        "\(definition.sourcePath): [Service] User=\(name): no such user on the host (use a name in /etc/passwd or a numeric uid)"
                    )
                case .unknownGroup(let name):
                    throw LifecycleError(
                        "\(definition.sourcePath): [Service] Group=\(name): no such group on the host (use a name in /etc/group or a numeric gid)"
                    )
                }
            }
        }
    }

    /// Gives the spec the container's user namespace, if it has one, and
    /// readies its `Volume=…:idmap` and `Volume=…:U` volumes.
    func applyUserNamespace(_ definition: ContainerDefinition, to spec: inout Spec) throws(LifecycleError) {
        let maps = try userNamespaceMaps(for: definition)
        try prepareVolumeOwnership(definition, spec: spec, maps: maps)
        guard let maps else { return }
        Bundles.applyUserNamespace(uid: maps.uid, gid: maps.gid, to: &spec)
        // devpts' gid=5 (tty) cannot be mounted where 5 is unmapped (a map
        // of root alone, for [Service] User=): ptys keep the creator's group, as podman does.
        spec.mounts = spec.mounts?.map { mount in
            guard mount.type == "devpts" else { return mount }
            var mount = mount
            mount.options = mount.options?.filter { option in
                guard option.hasPrefix("gid="), let gid = UInt32(option.dropFirst(4)) else { return true }
                return hostID(of: gid, in: maps.gid) != nil
            }
            return mount
        }
    }

    /// `idmap` needs the container's maps (the runtime idmaps the bind
    /// mount through them); `U` chowns the source, recursively, to the
    /// container's user as the host sees it (root unless `User=`), as
    /// podman's `:U` does.
    private func prepareVolumeOwnership(
        _ definition: ContainerDefinition, spec: Spec, maps: (uid: [IDRange], gid: [IDRange])?
    ) throws(LifecycleError) {
        for volume in definition.volumes {
            if volume.options.contains("idmap") && maps == nil {
                throw LifecycleError(
                    "\(definition.sourcePath): Volume=\(volume.source):\(volume.destination): idmap needs a user namespace (set UserNS=auto, or UIDMap= and GIDMap=)"
                )
            }
            guard volume.options.contains("U") else { continue }
            // The source as the spec has it: a named volume's is resolved by now.
            let source =
                spec.mounts?.last(where: { $0.destination == volume.destination && $0.type == "bind" })?.source
                ?? volume.source
            let user = spec.process?.user ?? User()
            guard let uid = maps.map({ hostID(of: user.uid, in: $0.uid) }) ?? user.uid,
                let gid = maps.map({ hostID(of: user.gid, in: $0.gid) }) ?? user.gid
            else {
                throw LifecycleError(
                    "\(definition.sourcePath): Volume=\(volume.source):\(volume.destination): U: the container's user \(user.uid):\(user.gid) is outside its user namespace's maps"
                )
            }
            do { try UserNamespaceTreeOwner.changeOwner(of: source, uid: uid, gid: gid) } catch {
                throw LifecycleError("\(definition.name): Volume=\(volume.source):\(volume.destination): U: \(error)")
            }
        }
    }

    /// `Overlay.mount`, with the lower layers seen through the container's
    /// maps when it has a user namespace of its own: idmapped mounts, or
    /// chown'ed copies where those fail or `[UserNS] Layers=copy` asks.
    func mountRootOverlay(
        lower: [String], upper: String, work: String, target: String, for definition: ContainerDefinition
    ) throws {
        guard let maps = try userNamespaceMaps(for: definition) else {
            try Overlay.mount(lower: lower, upper: upper, work: work, target: target)
            return
        }
        // The writable layer's root is the container's /: its root owns it.
        if let uid = hostID(of: 0, in: maps.uid), let gid = hostID(of: 0, in: maps.gid) {
            try UserNamespaceFiles.changeOwner(upper, uid: uid, gid: gid)
        }
        let copies = LayerCopies(paths: paths)
        let mountCopies = { () throws in
            let copied = try lower.map { layer throws(LifecycleError) in
                try copies.copy(of: layer, uid: maps.uid, gid: maps.gid)
            }
            try Overlay.mount(lower: copied, upper: upper, work: work, target: target)
        }
        switch try UserNamespaceSettings.load(environment: hostEnvironment).layers {
        case .copy:
            try mountCopies()
        case .idmap:
            try mountIdmappedLayers(lower, maps: maps, upper: upper, work: work, target: target, for: definition)
        case .auto:
            do {
                try mountIdmappedLayers(lower, maps: maps, upper: upper, work: work, target: target, for: definition)
            } catch {
                // No idmapped mounts on the layers' file system, or no
                // idmapped lower layers in this kernel's overlayfs.
                do { try mountCopies() } catch let copyError {
                    throw LifecycleError("\(copyError) (after idmapping failed: \(error))")
                }
            }
        }
        // The runtime binds the root from inside the user namespace, as the
        // mapped root: it must be able to pass through to it (not list).
        var directory = paths.bundle(definition.name)
        while directory.hasPrefix(paths.volatileRoot) && directory.count >= paths.volatileRoot.count {
            try UserNamespaceFiles.changeMode(directory, 0o711)
            directory = FileSystem.parentDirectory(of: directory)
        }
    }

    /// The overlay over idmapped mounts of the layers.
    private func mountIdmappedLayers(
        _ lower: [String], maps: (uid: [IDRange], gid: [IDRange]), upper: String, work: String, target: String,
        for definition: ContainerDefinition
    ) throws {
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
        try Overlay.mount(lower: attached, upper: upper, work: work, target: target)
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
            throw SyscallError(
                "UserNS=: idmap image layer \(layer): its file system has no idmapped mounts "
                    + "(keep images on ext4, xfs, btrfs or tmpfs, or set [UserNS] Layers=auto or copy in swctl.conf)",
                errno: error.errno)
        }
    }
}
