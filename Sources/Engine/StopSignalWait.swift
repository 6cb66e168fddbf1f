import Syscalls

/// The wait of `swctl stop-signal` after it sent the stop signal: until
/// the container's init ends, or SIGKILL to it once the caller gives up.
enum StopSignalWait {
    static func wait(for process: ProcessHandle, giveUp: () -> Bool) throws(SyscallError) {
        var killed = false
        while true {
            do {
                if try process.waitForExit(timeoutMilliseconds: 100) { return }
            } catch  where error.errno == .interrupted {
                // A signal arrived (systemd's SIGTERM): ask giveUp below.
            }
            if !killed && giveUp() {
                try process.signal(9)
                killed = true
            }
        }
    }
}
