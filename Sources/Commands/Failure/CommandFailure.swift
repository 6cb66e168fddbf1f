import Systemd

/// A failure to report as one line on stderr (`swctl: MESSAGE`) with its
/// exit code. Every error a command lets escape is one of these.
public struct CommandFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var exitCode: SwctlExitCode
    public var message: String

    public init(_ exitCode: SwctlExitCode, _ message: String) {
        self.exitCode = exitCode
        self.message = message
    }

    public var description: String { message }

    /// `NAME` is neither defined nor known to systemd.
    public static func unknownContainer(_ name: String) -> CommandFailure {
        CommandFailure(.unknownContainer, "no such container: \(name)")
    }

    /// Classifies a bus error; `action` names what was being done (`start web`).
    public init(_ error: BusError, while action: String) {
        if error.isAccessDenied {
            self.init(.permissionDenied, "\(action): permission denied (\(error.description))")
        } else if error.isUnreachable {
            self.init(.systemdUnreachable, "\(action): cannot reach systemd: \(error.description)")
        } else {
            self.init(.failure, "\(action): \(error.description)")
        }
    }

    /// Classifies a journal error; `action` names what was being done (`logs web`).
    public init(_ error: JournalError, while action: String) {
        if error.isAccessDenied {
            self.init(.permissionDenied, "\(action): permission denied (\(error.description))")
        } else {
            self.init(.failure, "\(action): \(error.description)")
        }
    }
}

extension CommandFailure {
    /// A failure whose message is already on stderr (a command that ran on
    /// several containers and reported each): only the exit code is left.
    public static func alreadyReported(_ exitCode: SwctlExitCode) -> CommandFailure {
        CommandFailure(exitCode, "")
    }
}
