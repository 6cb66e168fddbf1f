import Definitions

/// `EnvironmentHost=` and `HttpProxy=`: variables of the unit's
/// environment (that of `swctl prepare`, which systemd starts with the
/// unit's `Environment=` and the manager's defaults) passed into the
/// container, above the image's `Env` and below `EnvironmentFile=` and
/// `Environment=`.
extension Preparer {
    /// Variables by which systemd talks to the service, or swctl to its
    /// own steps: they describe `swctl prepare`, not the container.
    static let serviceOnlyVariables: Set<String> = [
        "NOTIFY_SOCKET", "WATCHDOG_PID", "WATCHDOG_USEC", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES",
        "CREDENTIALS_DIRECTORY", "MAINPID", "MANAGERPID", "SWCTL_RUNTIME_OPTIONS",
    ]

    /// The host layer of the container's environment.
    func hostEnvironmentLayer(_ definition: ContainerDefinition) -> [(name: String, value: String)] {
        if definition.environmentHost {
            return hostEnvironment.keys.sorted().filter { !Self.serviceOnlyVariables.contains($0) }.compactMap { name in
                hostEnvironment[name].map { (name, $0) }
            }
        }
        guard definition.httpProxy else { return [] }
        return proxyVariables.compactMap { name in hostEnvironment[name].map { (name, $0) } }
    }
}
