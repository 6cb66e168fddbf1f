import Confinement
import Syscalls

/// The container's init between clone and exec: runs the prepared steps in
/// order and execs the container process.
///
/// Only system calls on memory prepared before clone happen here: no string
/// is built, nothing is allocated, no lock is taken (the runtime has no
/// other threads, and none are started). A failing step writes an
/// `InitFailure` to the error pipe and exits; exec closes the pipe
/// (close-on-exec), which the parent reads as success.
struct InitProcess {
    let steps: [InitStep]
    let syncRead: FileDescriptor
    let syncWriteOfParent: FileDescriptor
    let errorWrite: FileDescriptor
    let errorReadOfParent: FileDescriptor
    /// `/proc/self/fd/NNNNNNNNNN` is written here, digits in place.
    let fdPathBuffer: UnsafeMutablePointer<CChar>
    /// `/` and `.` and `/dev/null`, prepared.
    let slash: UnsafePointer<CChar>
    let dot: UnsafePointer<CChar>
    let devNull: UnsafePointer<CChar>
    let tmpfs: UnsafePointer<CChar>
    let maskData: UnsafePointer<CChar>

    func run() -> Never {
        // The parent's ends of the pipes: without closing them here the
        // child would hold the sync pipe open and never see the parent die.
        syncWriteOfParent.close()
        errorReadOfParent.close()
        var rootfs: Int32 = -1
        for index in steps.indices {
            if let (errno, detail) = execute(steps[index], rootfs: &rootfs) {
                fail(step: index, errno: errno, detail: detail)
            }
        }
        fail(step: steps.count, errno: .invalidArgument, detail: 0)
    }

    private func fail(step: Int, errno: Errno, detail: Int32) -> Never {
        var record = InitFailure(step: Int32(step), errno: errno.rawValue, detail: detail)
        _ = withUnsafeBytes(of: &record) { raw in
            raw.baseAddress.map { errorWrite.write($0, count: InitFailure.size) }
        }
        Processes.exitImmediately(1)
    }

    /// `/proc/self/fd/N` for a descriptor, written into the prepared buffer.
    private func fdPath(_ fd: Int32) -> UnsafePointer<CChar> {
        var index = 0
        for byte in "/proc/self/fd/".utf8 {
            fdPathBuffer[index] = CChar(bitPattern: byte)
            index += 1
        }
        var divisor: Int32 = 1
        while fd / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            fdPathBuffer[index] = CChar(48 + (fd / divisor) % 10)
            index += 1
            divisor /= 10
        }
        fdPathBuffer[index] = 0
        return UnsafePointer(fdPathBuffer)
    }

    /// Opens `path` inside the root, creating missing directories (and the
    /// last component as a file when `file`).
    private func openInRoot(_ path: RootedPath, rootfs: Int32, create: Bool, file: Bool) -> Result<Int32, Errno> {
        let first = RootedPaths.open(path.path, in: rootfs, directory: !file)
        guard create, case .failure(let error) = first, error == .noSuchFileOrDirectory else { return first }
        for (position, component) in path.components.enumerated() {
            let isLast = position == path.components.count - 1
            let existing = RootedPaths.open(component.path, in: rootfs, directory: !(isLast && file))
            if case .success(let fd) = existing {
                RootedPaths.close(fd)
                continue
            }
            let parent: Int32
            switch RootedPaths.open(component.parent, in: rootfs, directory: true) {
            case .success(let fd): parent = fd
            case .failure(let error): return .failure(error)
            }
            let made =
                isLast && file
                ? RootedPaths.makeFile(component.name, in: parent, permissions: 0o644)
                : RootedPaths.makeDirectory(component.name, in: parent, permissions: 0o755)
            RootedPaths.close(parent)
            if let error = made { return .failure(error) }
        }
        return RootedPaths.open(path.path, in: rootfs, directory: !file)
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private func execute(_ step: InitStep, rootfs: inout Int32) -> (Errno, Int32)? {
        func fail(_ error: Errno?, _ detail: Int32 = 0) -> (Errno, Int32)? {
            error.map { ($0, detail) }
        }
        switch step {
        case .waitForParent:
            switch syncRead.readByte() {
            case .success(1):
                syncRead.close()
                return nil
            case .success:
                // The parent gave up (closed the pipe): leave without a report.
                Processes.exitImmediately(1)
            case .failure(let error):
                return (error, 0)
            }

        case .joinNamespace(let fd, let kind):
            return fail(Namespaces.join(fd, kind: kind))

        case .unshare(let kinds):
            return fail(Namespaces.unshare(kinds))

        case .setUmask(let mask):
            Processes.setUmask(mask)
            return nil

        case .setHostname(let name):
            return fail(Hostname.setHostname(name))

        case .setDomainname(let name):
            return fail(Hostname.setDomainname(name))

        case .setRootPropagation(let flags):
            return fail(Mounts.mount(source: nil, target: slash, type: nil, flags: flags, data: nil))

        case .bindRootfs(let path):
            return fail(Mounts.mount(source: path, target: path, type: nil, flags: [.bind, .recursive], data: nil))

        case .openRootfs(let path):
            switch RootedPaths.openDirectory(path) {
            case .success(let fd):
                rootfs = fd
                return nil
            case .failure(let error):
                return (error, 0)
            }

        case .mount(let mount):
            let target: Int32
            switch openInRoot(mount.destination, rootfs: rootfs, create: true, file: mount.destinationIsFile) {
            case .success(let fd): target = fd
            case .failure(let error): return (error, 0)
            }
            defer { RootedPaths.close(target) }
            let path = fdPath(target)
            if let error = Mounts.mount(
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

        case .device(let device):
            let directory: Int32
            switch openInRoot(device.directory, rootfs: rootfs, create: true, file: false) {
            case .success(let fd): directory = fd
            case .failure(let error): return (error, 0)
            }
            defer { RootedPaths.close(directory) }
            _ = RootedPaths.remove(device.name, in: directory)
            var made = RootedPaths.makeDevice(
                device.name, in: directory, type: device.type, major: device.major, minor: device.minor,
                permissions: device.permissions)
            if made == .notPermitted, let host = device.hostPath {
                // No CAP_MKNOD (or a device cgroup forbids it): bind the host's node.
                if let error = RootedPaths.makeFile(device.name, in: directory, permissions: 0o644) {
                    return (error, 1)
                }
                made = nil
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

        case .symlink(let target, let location, let replace):
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

        case .pivotRoot:
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

        case .mask(let path):
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

        case .makeReadonly(let path):
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

        case .remountRootReadonly:
            return fail(
                Mounts.mount(source: nil, target: slash, type: nil, flags: [.bind, .remount, .readOnly], data: nil))

        case .setRlimit(let resource, let soft, let hard):
            return fail(Rlimits.set(resource, soft: soft, hard: hard))

        case .dropBoundingCapabilities(let capabilities):
            return capabilities.dropBounding().map { ($0.errno, $0.capability) }

        case .keepCapabilities(let keep):
            return fail(Prctl.setKeepCapabilities(keep))

        case .setGroups(let groups):
            return fail(Credentials.setGroups(groups))

        case .setGroupID(let gid):
            return fail(Credentials.setGroupID(gid))

        case .setUserID(let uid):
            return fail(Credentials.setUserID(uid))

        case .applyCapabilities(let capabilities):
            return fail(capabilities.apply())

        case .raiseAmbientCapabilities(let capabilities):
            return capabilities.raiseAmbient().map { ($0.errno, $0.capability) }

        case .changeDirectory(let path):
            return fail(Processes.changeDirectory(path))

        case .noNewPrivileges:
            return fail(NoNewPrivileges.set())

        case .closeInheritedDescriptors(let first):
            return fail(FileDescriptor.closeOnExec(from: first))

        case .resetSignals:
            BlockedSignals.resetInChild()
            return nil

        case .exec(let exec):
            // execvp's rules: ENOENT and ENOTDIR move on to the next PATH
            // entry; EACCES is remembered and reported if nothing runs.
            var error = Errno.noSuchFileOrDirectory
            var sawAccessDenied = false
            for candidate in exec.candidates {
                let failure = Processes.execute(candidate, arguments: exec.arguments, environment: exec.environment)
                if failure == .permissionDenied {
                    sawAccessDenied = true
                } else if failure != .noSuchFileOrDirectory && failure != .notDirectory {
                    error = failure
                    break
                }
            }
            if sawAccessDenied && error == .noSuchFileOrDirectory { error = .permissionDenied }
            return (error, 0)
        }
    }
}
