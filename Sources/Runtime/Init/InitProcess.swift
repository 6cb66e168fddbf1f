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
    func fdPath(_ fd: Int32) -> UnsafePointer<CChar> {
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
    func openInRoot(_ path: RootedPath, rootfs: Int32, create: Bool, file: Bool) -> Result<Int32, Errno> {
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

    /// A failed call's errno with a step-specific detail, nil on success.
    func fail(_ error: Errno?, _ detail: Int32 = 0) -> (Errno, Int32)? {
        error.map { ($0, detail) }
    }

    /// Runs one step; the root filesystem and exec steps live in
    /// InitProcess+RootFS.swift and InitProcess+Exec.swift.
    private func execute(_ step: InitStep, rootfs: inout Int32) -> (Errno, Int32)? {
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

        case .becomeUserNamespaceRoot:
            return fail(UserNamespaceRoot.become())

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
            return performMount(mount, rootfs: rootfs)

        case .device(let device):
            return makeDevice(device, rootfs: rootfs)

        case .symlink(let target, let location, let replace):
            return makeSymlink(target, at: location, replace: replace, rootfs: rootfs)

        case .pivotRoot:
            return pivotRoot(rootfs: &rootfs)

        case .moveRoot:
            return moveRoot(rootfs: &rootfs)

        case .writeProcFile(let path, let value):
            return fail(RootedPaths.writeFile(path, value))

        case .mask(let path):
            return mask(path, rootfs: rootfs)

        case .makeReadonly(let path):
            return makeReadonly(path, rootfs: rootfs)

        case .remountRootReadonly:
            let readOnly: MountFlags = [.bind, .remount, .readOnly]
            guard let errno = Mounts.mount(source: nil, target: slash, type: nil, flags: readOnly, data: nil) else {
                return nil
            }
            // In a user namespace the root's nosuid/nodev/… are locked: keep them.
            guard errno == .notPermitted, let locked = Mounts.lockedFlags(of: slash) else { return fail(errno) }
            return fail(Mounts.mount(source: nil, target: slash, type: nil, flags: readOnly.union(locked), data: nil))

        case .setRlimit(let resource, let soft, let hard):
            return fail(Rlimits.set(resource, soft: soft, hard: hard))

        case .setPersonality(let persona):
            return fail(ExecutionDomain.set(persona))

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

        case .loadSeccomp(let program, let flags):
            return fail(SeccompFilterLoad.load(program, flags: flags))

        case .closeInheritedDescriptors(let first):
            return fail(FileDescriptor.closeOnExec(from: first))

        case .resetSignals:
            BlockedSignals.resetInChild()
            return nil

        case .waitForStart(let fifo):
            var ready = InitFailure(step: InitFailure.readyStep, errno: 0, detail: 0)
            _ = withUnsafeBytes(of: &ready) { raw in
                raw.baseAddress.map { errorWrite.write($0, count: InitFailure.size) }
            }
            return RootedPaths.signalThroughFifo(fdPath(fifo)).map { ($0, 0) }

        case .findExecutable(let exec):
            return findExecutable(exec)

        case .hook(let hook):
            return runHook(hook, rootfs: rootfs)

        case .waitForStartThenHooks(let fifo, let hooks):
            return waitForStartThenHooks(fifo: fifo, hooks: hooks, rootfs: rootfs)

        case .waitForRuntimeHooks(let read, let parentWrite):
            return waitForRuntimeHooks(read: read, parentWrite: parentWrite)

        case .terminal(let step):
            return performTerminal(step, rootfs: rootfs)

        case .exec(let exec):
            return execute(exec)
        }
    }
}
