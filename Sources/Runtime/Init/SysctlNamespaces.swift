import OCI

extension InitSequence {
    /// Keys of the IPC namespace that are not under `fs.mqueue.`.
    private static let ipcKeys: Set<String> = [
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall",
        "kernel.shmmax",
        "kernel.shmmni", "kernel.shm_rmid_forced",
    ]

    /// A sysctl is written only if it belongs to a namespace of the
    /// container's own, as runc checks: anything else would change the host.
    static func checkSysctlIsNamespaced(_ key: String, namespaces: [Namespace]) throws(RuntimeError) {
        let needed: NamespaceType
        if ipcKeys.contains(key) || key.hasPrefix("fs.mqueue.") {
            needed = .ipc
        } else if key.hasPrefix("net.") {
            needed = .network
        } else if key == "kernel.hostname" || key == "kernel.domainname" {
            needed = .uts
        } else {
            throw .invalidSpec("linux.sysctl: '\(key)' is not in a separate kernel namespace")
        }
        guard namespaces.contains(where: { $0.type == needed }) else {
            throw .invalidSpec("linux.sysctl: '\(key)' needs its own \(needed.rawValue) namespace")
        }
    }
}
