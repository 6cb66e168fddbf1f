import OCI
import Syscalls

/// The container's terminal (`process.terminal` with `--console-socket`),
/// prepared before clone: the connected socket, the C strings, and two
/// slots where the init keeps the pty's descriptors between its steps.
final class InitTerminal {
    let socket: TerminalSocket
    let socketPath: String
    let rows: UInt16
    let columns: UInt16
    private let arena = CStringArena()
    let multiplexer: UnsafePointer<CChar>
    let console: UnsafePointer<CChar>
    let consoleInRoot: RootedPath
    /// The message sent with the master: its name, as runc sends it.
    let name: UnsafePointer<CChar>
    let nameLength: Int
    /// [master, slave].
    let descriptors: UnsafeMutablePointer<Int32>

    init(socket: TerminalSocket, path: String, size: ConsoleSize?) {
        self.socket = socket
        socketPath = path
        rows = UInt16(clamping: size?.height ?? 0)
        columns = UInt16(clamping: size?.width ?? 0)
        multiplexer = arena.string("/dev/ptmx")
        console = arena.string("/dev/console")
        consoleInRoot = RootedPath("/dev/console", arena: arena)
        name = arena.string("/dev/ptmx")
        nameLength = "/dev/ptmx".utf8.count
        descriptors = UnsafeMutablePointer<Int32>.allocate(capacity: 2)
        descriptors.initialize(repeating: -1, count: 2)
    }

    deinit { descriptors.deallocate() }

    /// The parent's copy of the socket, after clone.
    func close() { socket.close() }
}

/// One step of setting up the terminal in the init.
enum TerminalStep {
    case openPty(InitTerminal)
    case setSize(InitTerminal)
    case bindConsole(InitTerminal)
    case sendMaster(InitTerminal)
    case becomeStandardIO(InitTerminal)
}

extension InitSequence {
    /// After pivot_root, so the pty comes from the container's own devpts
    /// (/dev/ptmx → pts/ptmx) and /dev/console is the container's; before
    /// the read-only and masked paths, as runc. The slave becomes the
    /// controlling terminal and stdio before the credentials change.
    /// `bindConsole`: false for `exec`, whose container has its console already.
    mutating func addTerminal(bindConsole: Bool = true) {
        guard let terminal else { return }
        add(.terminal(.openPty(terminal)), "open a pty on /dev/ptmx in the container")
        if terminal.rows > 0 || terminal.columns > 0 {
            add(
                .terminal(.setSize(terminal)),
                "set the terminal size to \(terminal.rows) rows, \(terminal.columns) columns")
        }
        if bindConsole { add(.terminal(.bindConsole(terminal)), "bind the pty onto /dev/console") }
        add(.terminal(.sendMaster(terminal)), "send the pty master to the console socket \(terminal.socketPath)")
        add(.terminal(.becomeStandardIO(terminal)), "make the pty the controlling terminal and stdio")
    }
}

extension InitProcess {
    func performTerminal(_ step: TerminalStep, rootfs: Int32) -> (Errno, Int32)? {
        switch step {
        case .openPty(let terminal):
            switch Terminal.openMaster(terminal.multiplexer) {
            case .success(let fd): terminal.descriptors[0] = fd
            case .failure(let error): return (error, 0)
            }
            if let error = Terminal.unlock(terminal.descriptors[0]) { return (error, 1) }
            switch Terminal.openPeer(terminal.descriptors[0]) {
            case .success(let fd): terminal.descriptors[1] = fd
            case .failure(let error): return (error, 2)
            }
            return nil

        case .setSize(let terminal):
            return fail(Terminal.setSize(terminal.descriptors[1], rows: terminal.rows, columns: terminal.columns))

        case .bindConsole(let terminal):
            switch openInRoot(terminal.consoleInRoot, rootfs: rootfs, create: true, file: true) {
            case .success(let fd): RootedPaths.close(fd)
            case .failure(let error): return (error, 0)
            }
            return fail(
                Mounts.mount(
                    source: fdPath(terminal.descriptors[1]), target: terminal.console, type: nil, flags: .bind,
                    data: nil), 1)

        case .sendMaster(let terminal):
            let error = Terminal.sendDescriptor(
                terminal.descriptors[0], over: terminal.socket.descriptor.rawValue, name: terminal.name,
                length: terminal.nameLength)
            Terminal.close(terminal.descriptors[0])
            Terminal.close(terminal.socket.descriptor.rawValue)
            return fail(error)

        case .becomeStandardIO(let terminal):
            if let error = Terminal.becomeControlling(terminal.descriptors[1]) { return (error, 0) }
            return fail(Terminal.becomeStandardIO(terminal.descriptors[1]), 1)
        }
    }
}
