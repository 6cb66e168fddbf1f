import Glibc
import Synchronization

/// Turns SIGINT and SIGTERM into a flag a loop polls, so `logs --follow`
/// ends cleanly (output flushed, handles closed) instead of dying mid-write.
enum Interrupt {
    private static let flag = Atomic<Bool>(false)

    /// Installs the handlers; from then on the signals set the flag.
    static func install() {
        // Touch the flag first: its lazy initialisation must not run inside
        // the handler.
        flag.store(false, ordering: .relaxed)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupt.flag.store(true, ordering: .relaxed) }
        // No SA_RESTART: the journal's poll() returns at once with EINTR.
        action.sa_flags = 0
        sigemptyset(&action.sa_mask)
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
    }

    static var requested: Bool { flag.load(ordering: .relaxed) }
}
