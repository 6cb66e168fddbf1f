/// `Sysctl=NAME=VALUE ...`: kernel parameters of the container's own
/// namespaces only (runc's rule), appended to `ContainerKeys.all`.
extension ContainerKeys {
    static let sysctl: [ContainerKey] = [
        ContainerKey("Sysctl", list: true, reset: { $0.sysctls = [:] }) {
            definition, value, _ throws(KeyValueError) in
            for word in try ValueParsers.commandLine(value) {
                guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                    throw KeyValueError("'\(word)' is not NAME=VALUE (use e.g. net.ipv4.ip_unprivileged_port_start=80)")
                }
                // `net/ipv4/x` is the same parameter as `net.ipv4.x`.
                let name = String(word[..<equals]).map { $0 == "/" ? "." : $0 }.reduce(into: "") { $0.append($1) }
                if let problem = sysctlProblem(name) { throw KeyValueError("'\(name)' \(problem)") }
                definition.sysctls[name] = String(word[word.index(after: equals)...])
            }
        }
    ]

    /// The IPC namespace's parameters outside `fs.mqueue.`.
    static let ipcSysctls: Set<String> = [
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax",
        "kernel.shmmni", "kernel.shm_rmid_forced",
    ]

    /// Why `name` cannot be set for one container; nil when it can.
    static func sysctlProblem(_ name: String) -> String? {
        if name.hasPrefix("net.") || name.hasPrefix("fs.mqueue.") || ipcSysctls.contains(name)
            || name == "kernel.domainname"
        {
            return nil
        }
        if name == "kernel.hostname" { return "is the host name (use HostName=)" }
        return
            "is not a namespaced sysctl: it would change the host (only net.*, fs.mqueue.*, kernel.domainname and the IPC ones kernel.msg*, kernel.sem, kernel.shm* are per container)"
    }
}

extension ContainerDefinition {
    /// `Sysctl=net.*` changes the network namespace: with `Network=host`
    /// that is the host's. Nil when the keys fit together.
    public var sysctlProblem: String? {
        guard network == .host, let name = sysctls.keys.sorted().first(where: { $0.hasPrefix("net.") }) else {
            return nil
        }
        return
            "Sysctl: '\(name)' needs a network namespace of its own, and Network=host shares the host's (remove it, or use another Network=)"
    }
}
