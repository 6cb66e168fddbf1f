import Glibc
import Synchronization

/// Turns SIGINT and SIGTERM into a flag a loop polls, so `logs --follow`
/// ends cleanly (output flushed, handles closed) instead of dying mid-write.
enum Interrupt {
    /// The last signal received, 0 when none is pending.
    private static let flag = Atomic<Int32>(0)

    /// Installs the handlers; from then on the signals set the flag.
    static func install() {
        // Touch the flag first: its lazy initialisation must not run inside
        // the handler.
        flag.store(0, ordering: .relaxed)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in Interrupt.flag.store(signal, ordering: .relaxed) }
        // No SA_RESTART: the journal's poll() returns at once with EINTR.
        action.sa_flags = 0
        sigemptyset(&action.sa_mask)
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
    }

    static var requested: Bool { flag.load(ordering: .relaxed) != 0 }

    /// The pending signal, if any, and clears it.
    static func take() -> Int32? {
        let signal = flag.exchange(0, ordering: .relaxed)
        return signal == 0 ? nil : signal
    }
}
