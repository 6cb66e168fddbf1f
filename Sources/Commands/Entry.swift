import ArgumentParser
import Glibc

/// What `main` runs: parse the command line, run the command, turn every
/// outcome into an exit status and at most one message.
public enum SwctlMain {
    /// Runs `swctl` with `arguments` (without the program name); returns the exit status.
    public static func run(_ arguments: [String]) -> Int32 {
        do {
            var command = try Swctl.parseAsRoot(arguments)
            try command.run()
            return SwctlExitCode.success.rawValue
        } catch let exit as ContainerExit {
            return exit.status
        } catch {
            let (code, message) = outcome(of: error)
            if !message.isEmpty {
                let stream = code == .success ? OutputStream.standardOutput() : OutputStream.standardError()
                stream.line(message)
                stream.flush()
            }
            return code.rawValue
        }
    }

    /// The exit status and message of an error a command or the parser threw.
    public static func outcome(of error: any Error) -> (SwctlExitCode, String) {
        if let failure = error as? CommandFailure {
            return (failure.exitCode, failure.message.isEmpty ? "" : "swctl: \(failure.message)")
        }
        // The parser's own errors (usage, --help, --version): its message, our codes.
        let message = Swctl.fullMessage(for: error)
        switch Swctl.exitCode(for: error) {
        case .success: return (.success, message)
        case .validationFailure: return (.usage, message)
        default: return (.failure, message)
        }
    }

    /// Ends the process with `status`, flushing every output stream.
    public static func exit(_ status: Int32) -> Never {
        Glibc.exit(status)
    }
}
