/// Relays a pty master to this process's own terminal: standard input to
/// the master, the master's output to standard output, and this
/// terminal's size to the master on SIGWINCH. Used by the runtime's
/// foreground `run`/`exec` and by `swctl run -t`, which differ only in
/// what ends the relay.
public enum TerminalRelay {
    static let sigchld: Int32 = 17
    static let sigwinch: Int32 = 28

    /// Relays until `finished` returns true (checked before each wait and
    /// after each event) or, with `endsWithOutput`, until the master has no
    /// more output (every process holding the terminal has closed it).
    /// Signals in `signals` other than SIGCHLD and SIGWINCH go to `forward`.
    /// Output still in the master when the relay ends is copied first.
    public static func run(
        master: FileDescriptor, signals: SignalDescriptor, endsWithOutput: Bool,
        forward: (Int32) -> Void, finished: () throws(SyscallError) -> Bool
    ) throws(SyscallError) {
        var inputOpen = true
        var outputOpen = true
        while true {
            if try finished() || (endsWithOutput && !outputOpen) {
                while outputOpen, try Poll.readable([master], timeoutMilliseconds: 0)[0] {
                    guard let bytes = master.readSome() else { break }
                    try FileDescriptor.standardOutput.writeAll(bytes)
                }
                return
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
                if signal == sigwinch {
                    // The new size goes to the pty; the kernel tells the
                    // container's foreground process group (its SIGWINCH).
                    copySize(to: master)
                } else if signal != sigchld {
                    forward(signal)
                }
            }
        }
    }

    /// Gives the master this process's terminal size, if it has one.
    public static func copySize(to master: FileDescriptor) {
        if let size = HostTerminal.size(of: .standardInput), size.rows > 0, size.columns > 0 {
            try? HostTerminal.setSize(master, rows: size.rows, columns: size.columns)
        }
    }
}
