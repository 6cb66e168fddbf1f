import Confinement
import Syscalls

/// A path inside the container's root filesystem, split so the child can
/// create missing directories one component at a time without building
/// strings: `dev/pts` → [("dev", ".", "dev"), ("dev/pts", "dev", "pts")].
struct RootedPath {
    /// The whole path, relative to the root (`dev/pts`).
    let path: UnsafePointer<CChar>
    /// Each prefix with its parent and last component.
    let components: [(path: UnsafePointer<CChar>, parent: UnsafePointer<CChar>, name: UnsafePointer<CChar>)]

    init(_ absolute: String, arena: CStringArena) {
        let parts = absolute.split(separator: "/").filter { $0 != "." && !$0.isEmpty }
        var components: [(UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafePointer<CChar>)] = []
        var prefix = ""
        for part in parts {
            let parent = prefix.isEmpty ? "." : prefix
            prefix = prefix.isEmpty ? String(part) : prefix + "/" + part
            components.append((arena.string(prefix), arena.string(parent), arena.string(String(part))))
        }
        self.path = arena.string(prefix.isEmpty ? "." : prefix)
        self.components = components
    }
}

/// A mount from `mounts`, ready for the child.
struct PreparedMount {
    let source: UnsafePointer<CChar>?
    let type: UnsafePointer<CChar>?
    /// Flags of the first mount call (bind mounts: only bind and recursive).
    let flags: MountFlags
    let data: UnsafePointer<CChar>?
    /// For bind mounts with other flags (`ro`, `nosuid`, …): a second,
    /// remount call, since a bind mount ignores them on creation.
    let remountFlags: MountFlags?
    let propagation: [MountFlags]
    let destination: RootedPath
    /// The mount point is a file (a bind mount of a file).
    let destinationIsFile: Bool
    /// An idmapped bind mount: the detached tree the runtime made, attached
    /// with move_mount instead of mount(2).
    var detachedTree: Int32? = nil
}

/// A device node to create inside the root filesystem.
struct PreparedDevice {
    let directory: RootedPath
    let name: UnsafePointer<CChar>
    /// `c`, `b`, `u` or `p`.
    let type: UInt8
    let major: UInt32
    let minor: UInt32
    let permissions: UInt32
    let uid: UInt32
    let gid: UInt32
    /// The host's node, bind-mounted when mknod is not permitted.
    let hostPath: UnsafePointer<CChar>?
}

/// What the child executes, with PATH already expanded.
struct PreparedExec {
    /// Paths to try in order (`/usr/local/bin/sh`, `/usr/bin/sh`, …).
    let candidates: [UnsafePointer<CChar>]
    let arguments: UnsafePointer<UnsafeMutablePointer<CChar>?>
    let environment: UnsafePointer<UnsafeMutablePointer<CChar>?>
}

/// One step of the container's init, on data prepared before clone.
enum InitStep {
    case waitForParent
    case joinNamespace(fd: Int32, kind: NamespaceFlags)
    /// `setresgid`/`setresuid` to 0 in the user namespace, dumpable again.
    case becomeUserNamespaceRoot
    case unshare(NamespaceFlags)
    case setUmask(UInt32)
    case setHostname(UnsafePointer<CChar>)
    case setDomainname(UnsafePointer<CChar>)
    case setRootPropagation(MountFlags)
    case bindRootfs(UnsafePointer<CChar>)
    case openRootfs(UnsafePointer<CChar>)
    case mount(PreparedMount)
    case device(PreparedDevice)
    case symlink(target: UnsafePointer<CChar>, at: RootedPath, replace: Bool)
    case pivotRoot
    /// `--no-pivot`: the rootfs mount moved onto / (MS_MOVE), then chroot.
    case moveRoot
    /// Writes a value to a file of the container's /proc (sysctl, oom_score_adj).
    case writeProcFile(path: UnsafePointer<CChar>, value: UnsafePointer<CChar>)
    case mask(UnsafePointer<CChar>)
    case makeReadonly(UnsafePointer<CChar>)
    case remountRootReadonly
    case setRlimit(resource: Int32, soft: UInt64, hard: UInt64)
    /// `personality(2)` with a `PER_*` value.
    case setPersonality(UInt)
    case dropBoundingCapabilities(PreparedCapabilities)
    case keepCapabilities(Bool)
    case setGroups(UnsafeBufferPointer<UInt32>)
    case setGroupID(UInt32)
    case setUserID(UInt32)
    case applyCapabilities(PreparedCapabilities)
    case raiseAmbientCapabilities(PreparedCapabilities)
    case changeDirectory(UnsafePointer<CChar>)
    case noNewPrivileges
    /// `seccomp(SECCOMP_SET_MODE_FILTER)` with a BPF program compiled before clone.
    case loadSeccomp(program: UnsafeRawBufferPointer, flags: UInt32)
    case closeInheritedDescriptors(from: UInt32)
    case resetSignals
    /// `create`: tell the runtime setup is done, then block until `start`
    /// opens the exec FIFO (inherited as this descriptor, O_PATH).
    case waitForStart(fifo: Int32)
    /// Fails as exec would if no candidate is an executable file (`create`
    /// checks this before waiting for `start`).
    case findExecutable(PreparedExec)
    /// A hook the init runs itself (createContainer, startContainer).
    case hook(PreparedHook)
    /// `waitForStart` with startContainer hooks: they run once `start` has
    /// opened the FIFO, and its byte follows only if they succeed.
    case waitForStartThenHooks(fifo: Int32, hooks: [PreparedHook])
    /// Reports the mounts ready and waits while the runtime runs prestart
    /// and createRuntime (InitSequence+Hooks.swift).
    case waitForRuntimeHooks(read: Int32, parentWrite: Int32)
    /// A step of setting up `process.terminal` (InitSequence+Terminal.swift).
    case terminal(TerminalStep)
    case exec(PreparedExec)
}

/// What the child sends the parent when a step fails: the step's index, the
/// errno and a step-specific detail (the capability number, …).
struct InitFailure: Equatable {
    var step: Int32
    var errno: Int32
    var detail: Int32

    static let size = 12
    /// The step number of the "created, waiting for start" report.
    static let readyStep: Int32 = -1
    /// The step number of "namespaces and mounts ready: run your hooks".
    static let hooksStep: Int32 = -2
}
