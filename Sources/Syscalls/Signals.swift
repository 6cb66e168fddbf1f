#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Signal names and numbers (Linux, x86_64 and arm64 agree on these).
public enum Signals {
    /// Names without the `SIG` prefix, and their numbers.
    public static let numbers: [String: Int32] = [
        "HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "TRAP": 5, "ABRT": 6, "IOT": 6, "BUS": 7, "FPE": 8,
        "KILL": 9, "USR1": 10, "SEGV": 11, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15,
        "STKFLT": 16, "CHLD": 17, "CONT": 18, "STOP": 19, "TSTP": 20, "TTIN": 21, "TTOU": 22,
        "URG": 23, "XCPU": 24, "XFSZ": 25, "VTALRM": 26, "PROF": 27, "WINCH": 28, "IO": 29,
        "POLL": 29, "PWR": 30, "SYS": 31,
    ]

    /// The highest valid signal number (SIGRTMAX).
    public static let maximum: Int32 = 64

    /// Parses `TERM`, `SIGTERM`, `term`, `15`, `RTMIN+3`; nil if not a signal.
    public static func parse(_ text: String) -> Int32? {
        if let number = Int32(text) { return (1...maximum).contains(number) ? number : nil }
        var name = text.uppercased()
        if name.hasPrefix("SIG") { name.removeFirst(3) }
        if let number = numbers[name] { return number }
        if name == "RTMIN" { return 34 }
        if name == "RTMAX" { return maximum }
        if name.hasPrefix("RTMIN+"), let offset = Int32(name.dropFirst(6)), (0...30).contains(offset) {
            return 34 + offset
        }
        if name.hasPrefix("RTMAX-"), let offset = Int32(name.dropFirst(6)), (0...30).contains(offset) {
            return maximum - offset
        }
        return nil
    }

    /// `SIGTERM` for 15, `SIG34`-style for numbers without a name.
    public static func name(of number: Int32) -> String {
        let preferred = numbers.filter { $0.value == number && $0.key != "IOT" && $0.key != "POLL" }.keys.first
        return "SIG" + (preferred ?? String(number))
    }
}

/// A set of signals blocked for the duration of a wait loop.
public struct BlockedSignals {
    private var previous = sigset_t()
    private var set = sigset_t()

    /// Blocks `signals` (plus SIGCHLD); they are then read with `wait()`.
    public init(_ signals: [Int32]) throws(SyscallError) {
        sigemptyset(&set)
        for signal in signals + [SIGCHLD] { sigaddset(&set, signal) }
        _ = try check("block signals") { sigprocmask(SIG_BLOCK, &set, &previous) }
    }

    /// Waits for the next blocked signal and returns its number.
    public func wait() throws(SyscallError) -> Int32 {
        var set = self.set
        return try check("wait for signals") { sigwaitinfo(&set, nil) }
    }

    /// Restores the previous mask.
    public func restore() {
        var previous = self.previous
        sigprocmask(SIG_SETMASK, &previous, nil)
    }

    /// For the child between clone and exec: unblocks every signal and
    /// resets handlers, so the container starts with a clean signal state.
    public static func resetInChild() {
        var empty = sigset_t()
        sigemptyset(&empty)
        sigprocmask(SIG_SETMASK, &empty, nil)
        for signal in Int32(1)...Int32(31) where signal != SIGKILL && signal != SIGSTOP {
            Glibc.signal(signal, SIG_DFL)
        }
    }
}
