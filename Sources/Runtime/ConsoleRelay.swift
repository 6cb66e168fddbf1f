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
            return try relay(master, pid: pid, signals: signalDescriptor)
        } catch {
            throw .system(error)
        }
    }

    private static func relay(_ master: FileDescriptor, pid: Int32, signals: SignalDescriptor) throws(SyscallError)
        -> ExitStatus
    {
        var inputOpen = true
        var outputOpen = true
        while true {
            if let status = try Processes.poll(pid) {
                // What the container wrote last is still in the pty.
                while outputOpen, try Poll.readable([master], timeoutMilliseconds: 0)[0] {
                    guard let bytes = master.readSome() else { break }
                    try FileDescriptor.standardOutput.writeAll(bytes)
                }
                return status
            }
            // A closed side is polled as -1 (ignored).
            let watched = [
                inputOpen ? FileDescriptor.standardInput : FileDescriptor(rawValue: -1),
                outputOpen ? master : FileDescriptor(rawValue: -1), signals.descriptor,
            ]
            let ready = try Poll.readable(watched, timeoutMilliseconds: -1)
            if ready[0] {
                if let bytes = FileDescriptor.standardInput.readSome() {
                    try master.writeAll(bytes)
                } else {
                    inputOpen = false
                }
            }
            if ready[1] {
                if let bytes = master.readSome() {
                    try FileDescriptor.standardOutput.writeAll(bytes)
                } else {
                    outputOpen = false
                }
            }
            if ready[2] {
                let signal = try signals.read()
                if signal == 28 {
                    // The new size goes to the pty; the kernel tells the
                    // container's foreground process group (its SIGWINCH).
                    if let size = HostTerminal.size(of: .standardInput), size.rows > 0, size.columns > 0 {
                        try? HostTerminal.setSize(master, rows: size.rows, columns: size.columns)
                    }
                } else if signal != 17 {
                    try? Processes.kill(pid, signal: signal)
                }
            }
        }
    }
}
