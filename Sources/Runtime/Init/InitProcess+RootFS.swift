import Syscalls

/// The root filesystem steps of the container's init: mounts, device nodes
/// and links inside the rootfs, pivot_root, masked and read-only paths.
/// Each returns the errno and a detail on failure (see `InitProcess`).
extension InitProcess {
    func performMount(_ mount: PreparedMount, rootfs: Int32) -> (Errno, Int32)? {
        let target: Int32
        switch openInRoot(mount.destination, rootfs: rootfs, create: true, file: mount.destinationIsFile) {
        case .success(let fd): target = fd
        case .failure(let error): return (error, 0)
        }
        defer { RootedPaths.close(target) }
        let path = fdPath(target)
        if let tree = mount.detachedTree {
            if let error = IdmappedMount.attach(tree, onto: target) { return (error, 0) }
        } else if let error = Mounts.mount(
            source: mount.source, target: path, type: mount.type, flags: mount.flags, data: mount.data)
        {
            return (error, 0)
        }
        // The descriptor points below the new mount; reopen to reach it.
        if mount.remountFlags != nil || !mount.propagation.isEmpty {
            let mounted: Int32
            switch RootedPaths.open(mount.destination.path, in: rootfs, directory: !mount.destinationIsFile) {
            case .success(let fd): mounted = fd
            case .failure(let error): return (error, 1)
            }
            defer { RootedPaths.close(mounted) }
            let mountedPath = fdPath(mounted)
            if let flags = mount.remountFlags,
                let error = Mounts.mount(source: nil, target: mountedPath, type: nil, flags: flags, data: nil)
            {
                return (error, 1)
            }
            for change in mount.propagation {
                if let error = Mounts.mount(source: nil, target: mountedPath, type: nil, flags: change, data: nil) {
                    return (error, 2)
                }
            }
        }
        return nil
    }

    func makeDevice(_ device: PreparedDevice, rootfs: Int32) -> (Errno, Int32)? {
        let directory: Int32
        switch openInRoot(device.directory, rootfs: rootfs, create: true, file: false) {
        case .success(let fd): directory = fd
        case .failure(let error): return (error, 0)
        }
        defer { RootedPaths.close(directory) }
        _ = RootedPaths.remove(device.name, in: directory)
        let made = RootedPaths.makeDevice(
            device.name, in: directory, type: device.type, major: device.major, minor: device.minor,
            permissions: device.permissions)
        if made == .notPermitted, let host = device.hostPath {
            // No CAP_MKNOD (or a device cgroup forbids it): bind the host's node.
            if let error = RootedPaths.makeFile(device.name, in: directory, permissions: 0o644) {
                return (error, 1)
            }
            // The directory descriptor is O_PATH; reach the file through it.
            let file: Int32
            switch RootedPaths.open(device.name, in: directory, directory: false) {
            case .success(let fd): file = fd
            case .failure(let error): return (error, 1)
            }
            defer { RootedPaths.close(file) }
            if let error = Mounts.mount(source: host, target: fdPath(file), type: nil, flags: .bind, data: nil) {
                return (error, 1)
            }
            return nil
        }
        if let error = made { return (error, 0) }
        return fail(RootedPaths.changeOwner(device.name, in: directory, uid: device.uid, gid: device.gid), 2)
    }

    func makeSymlink(_ target: UnsafePointer<CChar>, at location: RootedPath, replace: Bool, rootfs: Int32) -> (
        Errno, Int32
    )? {
        guard let last = location.components.last else { return nil }
        let parent: Int32
        switch RootedPaths.open(last.parent, in: rootfs, directory: true) {
        case .success(let fd): parent = fd
        case .failure(let error):
            // No such directory (no /dev in the image and no /dev mount): nothing to link.
            return error == .noSuchFileOrDirectory ? nil : (error, 0)
        }
        defer { RootedPaths.close(parent) }
        if replace { _ = RootedPaths.remove(last.name, in: parent) }
        return fail(RootedPaths.makeSymlink(target, at: last.name, in: parent))
    }

    func pivotRoot(rootfs: inout Int32) -> (Errno, Int32)? {
        // pivot_root(".", ".") stacks the old root on top of the new one;
        // making it a slave first keeps the detach from propagating to
        // the host, and the detach leaves only the new root.
        if let error = RootedPaths.changeDirectory(to: rootfs) { return (error, 0) }
        if let error = PivotRoot.pivot(newRoot: dot, putOld: dot) { return (error, 1) }
        if let error = Mounts.mount(source: nil, target: dot, type: nil, flags: [.slave, .recursive], data: nil) {
            return (error, 2)
        }
        if let error = Mounts.unmount(dot, detach: true) { return (error, 3) }
        if let error = Processes.changeDirectory(slash) { return (error, 4) }
        RootedPaths.close(rootfs)
        switch RootedPaths.openDirectory(slash) {
        case .success(let fd): rootfs = fd
        case .failure(let error): return (error, 4)
        }
        return nil
    }

    /// Where pivot_root cannot work (an initramfs root): the rootfs mount
    /// replaces / in this mount namespace and the process chroots into it.
    /// Weaker than pivot_root (the old root stays under the new one, out of
    /// sight), hence only on request or where there is no other way.
    func moveRoot(rootfs: inout Int32) -> (Errno, Int32)? {
        if let error = RootedPaths.changeDirectory(to: rootfs) { return (error, 0) }
        if let error = Mounts.mount(source: dot, target: slash, type: nil, flags: .move, data: nil) {
            return (error, 1)
        }
        if let error = Processes.changeRoot(dot) { return (error, 2) }
        if let error = Processes.changeDirectory(slash) { return (error, 3) }
        RootedPaths.close(rootfs)
        switch RootedPaths.openDirectory(slash) {
        case .success(let fd): rootfs = fd
        case .failure(let error): return (error, 3)
        }
        return nil
    }

    func mask(_ path: UnsafePointer<CChar>, rootfs: Int32) -> (Errno, Int32)? {
        let fd: Int32
        switch RootedPaths.open(path, in: rootfs, directory: false) {
        case .success(let opened): fd = opened
        case .failure(let error):
            return error == .noSuchFileOrDirectory || error == .notDirectory ? nil : (error, 0)
        }
        defer { RootedPaths.close(fd) }
        let target = fdPath(fd)
        if RootedPaths.isDirectory(fd) {
            return fail(Mounts.mount(source: tmpfs, target: target, type: tmpfs, flags: .readOnly, data: maskData))
        }
        return fail(Mounts.mount(source: devNull, target: target, type: nil, flags: .bind, data: nil))
    }

    func makeReadonly(_ path: UnsafePointer<CChar>, rootfs: Int32) -> (Errno, Int32)? {
        let fd: Int32
        switch RootedPaths.open(path, in: rootfs, directory: false) {
        case .success(let opened): fd = opened
        case .failure(let error):
            return error == .noSuchFileOrDirectory || error == .notDirectory ? nil : (error, 0)
        }
        let target = fdPath(fd)
        let bound = Mounts.mount(source: target, target: target, type: nil, flags: [.bind, .recursive], data: nil)
        RootedPaths.close(fd)
        if let error = bound { return (error, 0) }
        let remounted: Int32
        switch RootedPaths.open(path, in: rootfs, directory: false) {
        case .success(let opened): remounted = opened
        case .failure(let error): return (error, 1)
        }
        defer { RootedPaths.close(remounted) }
        return fail(
            Mounts.mount(
                source: nil, target: fdPath(remounted), type: nil,
                flags: [.bind, .remount, .readOnly, .recursive], data: nil), 1)
    }
}
