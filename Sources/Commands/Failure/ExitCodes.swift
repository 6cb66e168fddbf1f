/// Every exit status `swctl` uses: one table, documented in swctl(8).
public enum SwctlExitCode: Int32, Sendable, CaseIterable {
    case success = 0
    /// Any other failure (a job failed, a journal could not be read, …).
    case failure = 1
    /// Bad command line: unknown option, missing argument, invalid name or time.
    case usage = 2
    /// No definition and no loaded unit by that name.
    case unknownContainer = 3
    /// The system bus or systemd on it cannot be reached.
    case systemdUnreachable = 4
    /// The caller may not do this (EACCES/EPERM, the bus's AccessDenied, polkit).
    case permissionDenied = 5
    /// The operation needs a running container (`kill`).
    case notRunning = 6
    /// A definition has errors (`validate`, `prepare`).
    case invalidDefinition = 7
    /// `swctl run` could not make or start the container (as docker's 125);
    /// once it runs, run exits with the container's own status.
    case runFailed = 125

    /// What the code means, for swctl(8) and `--help`.
    public var meaning: String {
        switch self {
        case .success: "success"
        case .failure: "general failure (a job failed, the journal could not be read)"
        case .usage: "usage error (unknown option, invalid name, bad time)"
        case .unknownContainer: "unknown container (no definition and no loaded unit)"
        case .systemdUnreachable: "systemd cannot be reached (no system bus)"
        case .permissionDenied: "permission denied"
        case .notRunning: "container not running"
        case .invalidDefinition: "a definition has errors (each reported as FILE:LINE: message)"
        case .runFailed: "run: the container could not be made or started (otherwise run exits with the container's status)"
        }
    }
}
