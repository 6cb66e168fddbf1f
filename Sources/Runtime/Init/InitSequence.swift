import Confinement
import OCI
import Syscalls

/// The container's init as a list of named steps, built from the spec
/// before clone. Read top to bottom, this is the order of setup; the
/// comments say why a step sits where it does.
struct InitSequence {
    private(set) var steps: [InitStep] = []
    /// What each step does, for the parent's error message
    /// (`mount proc on /proc`); same indices as `steps`.
    private(set) var descriptions: [String] = []
    /// Namespaces the child is cloned into.
    var cloneNamespaces: NamespaceFlags = []
    /// Namespace files opened for joining (closed by the parent after clone).
    var joinDescriptors: [FileDescriptor] = []
    /// A PID namespace to join: the parent enters it before clone, since
    /// setns on a PID namespace affects only children.
    var pidNamespaceToJoin: (fd: FileDescriptor, path: String)?
    /// What the runtime does around the clone (InitSequence+Namespaces.swift).
    var namespaceSetup = NamespaceSetup()
    /// The hooks the init takes part in (InitSequence+Hooks.swift).
    private(set) var hooks: InitHooks?
    /// The container's terminal (InitSequence+Terminal.swift).
    var terminal: InitTerminal?
    let arena = CStringArena()
    private var capabilityHolders: [PreparedCapabilities] = []
    private var groupStorage: UnsafeMutableBufferPointer<UInt32>?
    /// The BPF program the `loadSeccomp` step points into.
    var seccompStorage: UnsafeMutableRawBufferPointer?

    mutating func add(_ step: InitStep, _ description: String) {
        steps.append(step)
        descriptions.append(description)
    }

    /// `execFifo`: for `create`, the exec FIFO opened O_PATH; the init stops
    /// before exec until `start` reads it.
    /// `seccompCache`: where compiled seccomp filters are kept between starts.
    /// `hooks`, `terminal`: prepared by the runtime (hooks, --console-socket).
    init(
        spec: Spec, bundle: String, preserveFDs: Int = 0, execFifo: FileDescriptor? = nil,
        seccompCache: SeccompCache? = nil, hooks: InitHooks? = nil, terminal: InitTerminal? = nil,
        noPivot: Bool = false
    ) throws(RuntimeError) {
        let (process, args, root, linux) = try Self.validate(spec)
        self.hooks = hooks
        self.terminal = terminal
        if process.terminal == true && terminal == nil {
            throw .invalidSpec("process.terminal: needs --console-socket to hand the terminal to")
        }
        // Namespaces: new ones are made by clone; joined ones by setns in
        // the child, first thing after the parent's go-ahead, so every later
        // step (mounts, hostname) happens inside them.
        add(.waitForParent, "wait for the runtime")
        try addNamespaces(linux, user: process.user)
        // Device nodes get exactly their mode; the process's umask comes later.
        add(.setUmask(0), "set umask")
        try addNames(spec, namespaces: linux.namespaces ?? [])
        try addRootFilesystem(spec, root: root, linux: linux, bundle: bundle, noPivot: noPivot)
        // Limits while still privileged.
        try addLimits(process)
        try addPersonality(linux.personality)
        let lateSeccomp = try addConfinement(
            process, seccomp: linux.seccomp, cache: seccompCache, preserveFDs: preserveFDs)
        let (exec, execDescription) = prepareExec(process, args: args)
        if let execFifo {
            // As runc: a command that is not there fails `create`, rather than
            // the container dying unseen right after `start`.
            add(.findExecutable(exec), execDescription)
            // Everything is set up; only exec is left for `start`. The FIFO is
            // reached through /proc/self/fd, as its host path is gone after
            // pivot_root.
            addWaitForStart(fifo: execFifo)
        }
        if execFifo == nil { addStartHooks() }
        if let lateSeccomp { add(lateSeccomp, "load seccomp filter") }
        add(.exec(exec), execDescription)
    }

    /// The process's confinement, in the order the kernel allows it: the
    /// AppArmor profile before no_new_privs (which would restrict the
    /// transition); seccomp, as runc, before the capabilities are dropped
    /// when there is no no_new_privs (loading needs CAP_SYS_ADMIN then),
    /// else returned to go in as late as possible, right before exec, so the
    /// filter need not allow the setup's own syscalls; credentials, umask,
    /// cwd, no_new_privs last of all, then the inherited descriptors and
    /// signal dispositions. Shared by the container's init and `exec`.
    mutating func addConfinement(
        _ process: Process, seccomp filter: Seccomp?, cache: SeccompCache?, preserveFDs: Int
    ) throws(RuntimeError) -> InitStep? {
        try addAppArmorProfile(process.apparmorProfile)
        var seccomp: InitStep?
        if let filter { seccomp = try prepareSeccomp(filter, cache: cache) }
        let seccompEarly = process.noNewPrivileges != true
        if let seccomp, seccompEarly { add(seccomp, "load seccomp filter") }
        try addCredentials(process)
        add(.setUmask(process.user.umask ?? 0o022), "set umask")
        add(.changeDirectory(arena.string(process.cwd)), "change directory to \(process.cwd)")
        // Last switch before exec: no execve grants privileges from here on.
        if process.noNewPrivileges == true { add(.noNewPrivileges, "prctl PR_SET_NO_NEW_PRIVS") }
        add(.closeInheritedDescriptors(from: UInt32(3 + preserveFDs)), "close inherited descriptors")
        add(.resetSignals, "reset signals")
        return seccompEarly ? nil : seccomp
    }

    /// What the runtime cannot do (yet) is refused before anything is made.
    private static func validate(_ spec: Spec) throws(RuntimeError) -> (Process, [String], Root, Linux) {
        guard let process = spec.process else { throw .invalidSpec("process is missing") }
        guard let args = process.args, let command = args.first, !command.isEmpty else {
            throw .invalidSpec("process.args is empty")
        }
        guard let root = spec.root else { throw .invalidSpec("root is missing") }
        let linux = spec.linux ?? Linux()
        let namespaces = linux.namespaces ?? []
        var seen: Set<NamespaceType> = []
        for namespace in namespaces where !seen.insert(namespace.type).inserted {
            throw .invalidSpec("linux.namespaces: \(namespace.type.rawValue) is listed twice")
        }
        guard namespaces.contains(where: { $0.type == .mount && $0.path == nil }) else {
            throw .invalidSpec("linux.namespaces: a new mount namespace is required")
        }
        try Hooks.validate(spec.hooks)
        return (process, args, root, linux)
    }

    private mutating func addNames(_ spec: Spec, namespaces: [Namespace]) throws(RuntimeError) {
        if let hostname = spec.hostname {
            guard namespaces.contains(where: { $0.type == .uts }) else {
                throw .invalidSpec("hostname needs a uts namespace")
            }
            add(.setHostname(arena.string(hostname)), "set hostname \(hostname)")
        }
        if let domainname = spec.domainname {
            add(.setDomainname(arena.string(domainname)), "set domainname \(domainname)")
        }
    }

    /// First stop propagation to the host, then bind the rootfs onto itself
    /// (pivot_root needs a mount point), then the spec's mounts in order,
    /// resolved inside the rootfs, the devices and /dev links, pivot_root,
    /// and the masking and read-only steps on the container's own paths.
    private mutating func addRootFilesystem(
        _ spec: Spec, root: Root, linux: Linux, bundle: String, noPivot: Bool
    ) throws(RuntimeError) {
        let rootfs = root.path.hasPrefix("/") ? root.path : bundle + "/" + root.path
        let propagation = try Self.rootPropagation(linux.rootfsPropagation)
        add(.setRootPropagation(propagation.initial), "make / \(propagation.name)")
        let rootfsPointer = arena.string(rootfs)
        add(.bindRootfs(rootfsPointer), "bind rootfs \(rootfs)")
        add(.openRootfs(rootfsPointer), "open rootfs \(rootfs)")
        for mount in Self.adaptedToUserNamespace(spec.mounts ?? [], namespaces: linux.namespaces ?? []) {
            let prepared = try prepare(mount, bundle: bundle, linux: linux)
            let what =
                mount.type == "bind" || prepared.flags.contains(.bind)
                ? (mount.source ?? "none") : (mount.type ?? "none")
            add(.mount(prepared), "mount \(what) on \(mount.destination)")
        }
        for device in defaultDevices + (linux.devices ?? []) {
            add(.device(try prepare(device)), "create device \(device.path)")
        }
        for link in defaultDeviceLinks {
            let location = RootedPath(link.path, arena: arena)
            add(
                .symlink(target: arena.string(link.target), at: location, replace: link.replace),
                "symlink \(link.path) to \(link.target)")
        }
        addCreateHooks()
        if noPivot {
            add(.moveRoot, "move \(rootfs) onto / and chroot (no pivot_root)")
        } else {
            add(.pivotRoot, "pivot_root to \(rootfs)")
        }
        if let shared = propagation.final {
            add(.setRootPropagation(shared), "make / \(propagation.name)")
        }
        addTerminal()
        // In the container's own /proc, before /proc/sys becomes read-only.
        for (key, value) in (linux.sysctl ?? [:]).sorted(by: { $0.key < $1.key }) {
            try Self.checkSysctlIsNamespaced(key, namespaces: linux.namespaces ?? [])
            let path = try Self.sysctlPath(key)
            add(.writeProcFile(path: arena.string(path), value: arena.string(value)), "set sysctl \(key)=\(value)")
        }
        for path in linux.maskedPaths ?? [] { add(.mask(arena.string(path)), "mask \(path)") }
        for path in linux.readonlyPaths ?? [] { add(.makeReadonly(arena.string(path)), "make \(path) read-only") }
        if root.readonly == true { add(.remountRootReadonly, "remount / read-only") }
    }

    /// `net.ipv4.ip_forward` → `/proc/sys/net/ipv4/ip_forward`.
    static func sysctlPath(_ key: String) throws(RuntimeError) -> String {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false)
        guard !key.isEmpty, parts.allSatisfy({ !$0.isEmpty && !$0.contains("/") }) else {
            throw .invalidSpec("linux.sysctl: '\(key)' is not a sysctl name")
        }
        return "/proc/sys/" + parts.joined(separator: "/")
    }

    mutating func addLimits(_ process: Process) throws(RuntimeError) {
        if let score = process.oomScoreAdj {
            add(
                .writeProcFile(path: arena.string("/proc/self/oom_score_adj"), value: arena.string(String(score))),
                "set oom_score_adj \(score)")
        }
        for limit in process.rlimits ?? [] {
            guard let resource = Rlimits.resources[limit.type] else {
                throw .invalidSpec("process.rlimits: unknown resource \(limit.type)")
            }
            add(.setRlimit(resource: resource, soft: limit.soft, hard: limit.hard), "set \(limit.type)")
        }
    }

    /// As runc: only the domain; flags are refused, not silently dropped.
    private mutating func addPersonality(_ personality: Personality?) throws(RuntimeError) {
        guard let personality else { return }
        guard let persona = ExecutionDomain.domains[personality.domain] else {
            throw .invalidSpec("linux.personality: unknown domain \(personality.domain)")
        }
        if !(personality.flags ?? []).isEmpty {
            throw .invalidSpec("linux.personality: flags are not supported yet")
        }
        add(.setPersonality(persona), "set personality \(personality.domain)")
    }

    /// The bounding set needs CAP_SETPCAP, so it shrinks before the UID
    /// change; KEEPCAPS keeps the permitted set across it; then the final
    /// sets, then ambient (which needs them).
    mutating func addCredentials(_ process: Process) throws(RuntimeError) {
        var capabilities: PreparedCapabilities?
        if let caps = process.capabilities {
            do {
                capabilities = try PreparedCapabilities(
                    bounding: caps.bounding ?? [], effective: caps.effective ?? [],
                    inheritable: caps.inheritable ?? [], permitted: caps.permitted ?? [], ambient: caps.ambient ?? [])
            } catch {
                throw .capabilities(error)
            }
        }
        if let capabilities {
            capabilityHolders.append(capabilities)
            add(.dropBoundingCapabilities(capabilities), "drop bounding capabilities")
            add(.keepCapabilities(true), "prctl PR_SET_KEEPCAPS")
        }
        let groups = process.user.additionalGids ?? []
        let storage = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: max(groups.count, 1))
        _ = storage.initialize(from: groups)
        groupStorage = storage
        add(.setGroups(UnsafeBufferPointer(rebasing: storage[0..<groups.count])), "setgroups \(groups)")
        add(.setGroupID(process.user.gid), "setgid \(process.user.gid)")
        add(.setUserID(process.user.uid), "setuid \(process.user.uid)")
        if let capabilities {
            add(.keepCapabilities(false), "prctl PR_SET_KEEPCAPS")
            add(.applyCapabilities(capabilities), "set capabilities")
            add(.raiseAmbientCapabilities(capabilities), "raise ambient capabilities")
        }
    }

    /// The command with its PATH candidates, and how errors name it.
    func prepareExec(_ process: Process, args: [String]) -> (PreparedExec, String) {
        let command = args[0]
        let environment = process.env ?? []
        let path = environment.last { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) }
        let candidates = Self.executableCandidates(command, path: path)
        let exec = PreparedExec(
            candidates: candidates.map { arena.string($0) }, arguments: arena.vector(args),
            environment: arena.vector(environment))
        return (exec, command.contains("/") ? "exec \(command)" : "exec \(command) (PATH \(path ?? Self.defaultPath))")
    }

    /// The PATH used when the process environment has none.
    static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// Paths execvp would try for `command`: itself if it contains a `/`,
    /// else each PATH entry (empty = current directory) joined with it.
    static func executableCandidates(_ command: String, path: String?) -> [String] {
        if command.contains("/") { return [command] }
        return (path ?? defaultPath).split(separator: ":", omittingEmptySubsequences: false).map { directory in
            directory.isEmpty ? command : (directory.hasSuffix("/") ? directory + command : directory + "/" + command)
        }
    }

    static func flag(_ type: NamespaceType) -> NamespaceFlags {
        switch type {
        case .pid: return .pid
        case .network: return .network
        case .mount: return .mount
        case .ipc: return .ipc
        case .uts: return .uts
        case .user: return .user
        case .cgroup: return .cgroup
        case .time: return .time
        }
    }

    /// `linux.rootfsPropagation` → the flags for `/` before the mounts, and
    /// a final change after pivot_root for the shared kinds (pivot_root
    /// refuses a shared root). Default: rslave, as runc.
    static func rootPropagation(_ value: String?) throws(RuntimeError) -> (
        initial: MountFlags, final: MountFlags?, name: String
    ) {
        switch value ?? "" {
        case "", "rslave": return ([.slave, .recursive], nil, "rslave")
        case "slave": return (.slave, nil, "slave")
        case "private": return (.private, nil, "private")
        case "rprivate": return ([.private, .recursive], nil, "rprivate")
        case "unbindable": return (.unbindable, nil, "unbindable")
        case "runbindable": return ([.unbindable, .recursive], nil, "runbindable")
        case "shared": return ([.slave, .recursive], .shared, "shared")
        case "rshared": return ([.slave, .recursive], [.shared, .recursive], "rshared")
        default: throw .invalidSpec("linux.rootfsPropagation: unknown value '\(value ?? "")'")
        }
    }

    private mutating func prepare(_ mount: Mount, bundle: String, linux: Linux) throws(RuntimeError) -> PreparedMount {
        guard mount.destination.hasPrefix("/") else {
            throw .invalidSpec("mount destination '\(mount.destination)' is not absolute")
        }
        let options = try ParsedMountOptions(mount.options ?? [])
        let idmapped = options.idmap != nil || mount.uidMappings != nil || mount.gidMappings != nil
        var type = mount.type
        let isBind = type == "bind" || options.flags.contains(.bind)
        var flags = options.flags
        var remount: MountFlags?
        var source = mount.source
        var destinationIsFile = false
        if isBind {
            type = nil
            flags.insert(.bind)
            guard var path = source else { throw .invalidSpec("bind mount on \(mount.destination) has no source") }
            if !path.hasPrefix("/") { path = bundle + "/" + path }
            source = path
            let status: FileStatus?
            do { status = try FileSystem.status(path) } catch {
                throw .system(SyscallError("stat \(path)", errno: error.errno))
            }
            guard let status else {
                throw .system(SyscallError("bind mount source \(path)", errno: .noSuchFileOrDirectory))
            }
            destinationIsFile = status.kind != .directory
            // A bind mount ignores every flag but bind/rec on creation;
            // the others need a remount of the new mount.
            let extra = flags.subtracting([.bind, .recursive])
            if !extra.isEmpty {
                remount = extra.union([.bind, .remount])
                flags = flags.intersection([.bind, .recursive])
            }
        } else if type == "cgroup" {
            // This runtime is cgroup v2 only: `cgroup` means the unified hierarchy.
            type = "cgroup2"
        }
        var prepared = PreparedMount(
            source: source.map { arena.string($0) }, type: type.map { arena.string($0) }, flags: flags,
            data: options.dataString.map { arena.string($0) }, remountFlags: remount, propagation: options.propagation,
            destination: RootedPath(mount.destination, arena: arena), destinationIsFile: destinationIsFile)
        if idmapped {
            guard isBind, let source else {
                throw .invalidSpec(
                    "mount \(mount.destination): idmap needs a bind mount (type bind or option bind/rbind)")
            }
            prepared.detachedTree = try idmappedTree(
                mount, source: source, linux: linux, recursiveTree: flags.contains(.recursive),
                recursiveIdmap: options.idmap == .recursive)
        }
        return prepared
    }

    /// The detached, idmapped tree for an idmapped bind mount: the mount's
    /// own maps, else the container's (runtime-spec: `idmap` without
    /// mappings uses those of the container's user namespace). Kept open
    /// until after clone, for the init to attach.
    private mutating func idmappedTree(
        _ mount: Mount, source: String, linux: Linux, recursiveTree: Bool, recursiveIdmap: Bool
    ) throws(RuntimeError) -> Int32 {
        guard let uids = mount.uidMappings ?? linux.uidMappings, let gids = mount.gidMappings ?? linux.gidMappings
        else {
            throw .invalidSpec(
                "mount \(mount.destination): idmap needs uidMappings and gidMappings (on the mount or in linux)")
        }
        let uidMap = try IDMap(uids, field: "mount \(mount.destination): uidMappings")
        let gidMap = try IDMap(gids, field: "mount \(mount.destination): gidMappings")
        do {
            let userNamespace = try IdmappedMount.userNamespace(
                uidMap: uidMap.fileContents, gidMap: gidMap.fileContents)
            defer { userNamespace.close() }
            let tree = try IdmappedMount.detachedTree(
                of: source, recursiveTree: recursiveTree, recursiveIdmap: recursiveIdmap, userNamespace: userNamespace)
            joinDescriptors.append(tree)
            return tree.rawValue
        } catch {
            throw .system(error)
        }
    }

    private func prepare(_ device: Device) throws(RuntimeError) -> PreparedDevice {
        guard device.path.hasPrefix("/"), let slash = device.path.lastIndex(of: "/") else {
            throw .invalidSpec("device path '\(device.path)' is not absolute")
        }
        let directory = String(device.path[..<slash])
        let name = String(device.path[device.path.index(after: slash)...])
        guard let type = device.type.utf8.first, device.type.utf8.count == 1, "cbup".utf8.contains(type) else {
            throw .invalidSpec("device \(device.path): type '\(device.type)' is not c, b, u or p")
        }
        if type != UInt8(ascii: "p"), device.major == nil || device.minor == nil {
            throw .invalidSpec("device \(device.path): major and minor are required")
        }
        return PreparedDevice(
            directory: RootedPath(directory.isEmpty ? "/" : directory, arena: arena), name: arena.string(name),
            type: type, major: UInt32(clamping: device.major ?? 0), minor: UInt32(clamping: device.minor ?? 0),
            permissions: device.fileMode ?? 0o666, uid: device.uid ?? 0, gid: device.gid ?? 0,
            hostPath: FileSystem.exists(device.path) ? arena.string(device.path) : nil)
    }

    /// Closes descriptors only the child needs, after clone.
    func closeParentCopies() {
        for fd in joinDescriptors { fd.close() }
        pidNamespaceToJoin?.fd.close()
        namespaceSetup.close()
    }
}
