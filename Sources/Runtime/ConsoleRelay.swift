import OCI
import Syscalls

/// A foreground `run` with `process.terminal`, as runc does it: the
/// runtime takes the pty master itself, puts its own terminal (if stdin is
/// one) in raw mode, copies its stdin to the container and the
/// container's output to its stdout, and forwards signals, until the
/// container exits. The container's terminal takes the size of the
/// runtime's, as under runc, unless that has none (then
/// `process.consoleSize` stays), and follows it when it is resized.
enum ConsoleRelay {
    static func run(_ socket: TerminalSocket, pid: Int32, forwarding signals: [Int32]) throws(RuntimeError)
        -> ExitStatus
    {
        do {
            let (_, master) = try socket.receiveDescriptor()
            defer { master.close() }
            if let size = HostTerminal.size(of: .standardInput), size.rows > 0, size.columns > 0 {
                try HostTerminal.setSize(master, rows: size.rows, columns: size.columns)
            }
            let host = try HostTerminal.makeRaw(.standardInput)
            defer { host?.restore() }
            // signalfd sees only blocked signals (the caller blocked the others).
            let resize = try BlockedSignals([28])
            defer { resize.restore() }
            // SIGCHLD ends the wait; SIGWINCH: this terminal was resized.
            let signalDescriptor = try SignalDescriptor(signals + [17, 28])
            defer { signalDescriptor.close() }
            var status = ExitStatus.exited(0)
            try TerminalRelay.run(
                master: master, signals: signalDescriptor, endsWithOutput: false,
                forward: { signal in try? Processes.kill(pid, signal: signal) },
                finished: { () throws(SyscallError) -> Bool in
                    guard let ended = try Processes.poll(pid) else { return false }
                    status = ended
                    return true
                })
            // Without endsWithOutput the relay returns only once finished.
            return status
        } catch {
            throw .system(error)
        }
    }
}
