import Glibc
import Synchronization

/// For `swctl stop-signal`: records that systemd signalled this process.
/// systemd does when `TimeoutStopSec=` passes, with the unit's
/// `KillSignal=` (SIGTERM, or the definition's `StopSignal=` such as
/// SIGQUIT), so every signal that would otherwise end the process is caught.
enum StopSignalInterrupt {
    private static let flag = Atomic<Int32>(0)

    static func install() {
        // Touch the flag first: its lazy initialisation must not run inside
        // the handler.
        flag.store(0, ordering: .relaxed)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in StopSignalInterrupt.flag.store(signal, ordering: .relaxed) }
        // No SA_RESTART: the wait's poll() returns at once with EINTR.
        action.sa_flags = 0
        sigemptyset(&action.sa_mask)
        // Not the ones that cannot be caught or do not end a process.
        let ignored: Set<Int32> = [SIGKILL, SIGSTOP, SIGCHLD, SIGCONT, SIGTSTP, SIGTTIN, SIGTTOU, SIGWINCH, SIGURG]
        for signal in Int32(1)...Int32(64) where !ignored.contains(signal) && !(32...33).contains(signal) {
            sigaction(signal, &action, nil)
        }
    }

    static var requested: Bool { flag.load(ordering: .relaxed) != 0 }
}
