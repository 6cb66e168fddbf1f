import OCI
import Syscalls

/// Where the container's terminal goes (`process.terminal`), with runc's
/// rules: a detached container (`create`, `run --detach`) hands the pty
/// master to `--console-socket`; a foreground `run` relays it itself
/// between its own stdio and the container (ConsoleRelay.swift). The
/// socket without a terminal, or in the foreground, is an error.
final class ConsoleRequest {
    let socketPath: String?
    let detached: Bool
    /// Foreground run: the runtime's end of the socket pair the init sends
    /// the master over.
    private(set) var relayEnd: TerminalSocket?

    init(socketPath: String?, detached: Bool) {
        self.socketPath = socketPath
        self.detached = detached
    }

    /// The prepared terminal for the init, nil without `process.terminal`.
    func terminal(for process: Process?) throws(RuntimeError) -> InitTerminal? {
        let wantsTerminal = process?.terminal == true
        guard let socketPath else {
            guard wantsTerminal else { return nil }
            guard !detached else {
                throw .invalidSpec("process.terminal: a detached container needs --console-socket for its terminal")
            }
            do {
                let (ours, initEnd) = try TerminalSocket.pair()
                relayEnd = ours
                return InitTerminal(socket: initEnd, path: "of the runtime", size: process?.consoleSize)
            } catch {
                throw .system(error)
            }
        }
        guard wantsTerminal, detached else {
            throw .usage(
                "--console-socket \(socketPath): only for a detached container with process.terminal set (runc's rule)")
        }
        do {
            let socket = try TerminalSocket.connect(to: Container.absolute(socketPath))
            return InitTerminal(socket: socket, path: socketPath, size: process?.consoleSize)
        } catch {
            throw .system(error)
        }
    }

    /// The runtime's end, once the run is over.
    func close() { relayEnd?.close() }
}
