import OCI
import Syscalls

extension InitSequence {
    /// The steps of a process exec'd into a running container (`exec`):
    /// every namespace of the container's init joined through
    /// /proc/PID/ns (the PID namespace by the runtime before clone; the
    /// cgroup by clone itself), then the container's confinement applied
    /// as for its init — limits, AppArmor profile, seccomp filter,
    /// credentials and capabilities, no_new_privs — but no root file
    /// system, mounts or hostname: those are the container's already.
    init(
        exec process: Process, container spec: Spec, initPID: Int32, preserveFDs: Int = 0,
        seccompCache: SeccompCache? = nil, terminal: InitTerminal? = nil
    ) throws(RuntimeError) {
        guard let args = process.args, let command = args.first, !command.isEmpty else {
            throw .invalidSpec("process.args is empty")
        }
        self.terminal = terminal
        let linux = spec.linux ?? Linux()
        var joined = Linux()
        joined.namespaces = (linux.namespaces ?? []).map { namespace in
            Namespace(type: namespace.type, path: "/proc/\(initPID)/ns/\(Self.procName(namespace.type))")
        }
        add(.waitForParent, "wait for the runtime")
        try addNamespaces(joined, user: process.user)
        // The container's own devpts, reached through its mount namespace.
        addTerminal(bindConsole: false)
        try addLimits(process)
        let lateSeccomp = try addConfinement(
            process, seccomp: linux.seccomp, cache: seccompCache, preserveFDs: preserveFDs)
        if let lateSeccomp { add(lateSeccomp, "load seccomp filter") }
        let (exec, description) = prepareExec(process, args: args)
        add(.exec(exec), description)
    }

    /// The name of a namespace's file under /proc/PID/ns.
    static func procName(_ type: NamespaceType) -> String {
        switch type {
        case .pid: "pid"
        case .network: "net"
        case .mount: "mnt"
        case .ipc: "ipc"
        case .uts: "uts"
        case .user: "user"
        case .cgroup: "cgroup"
        case .time: "time"
        }
    }
}
