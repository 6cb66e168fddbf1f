/// Signal names as systemd's `KillSignal=` and the image config's
/// `StopSignal` write them. A pure table: Definitions reaches no libc.
public enum SignalName {
    /// Names without `SIG`, and their numbers (Linux; x86_64 and arm64 agree).
    static let numbers: [String: Int] = [
        "HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "TRAP": 5, "ABRT": 6, "BUS": 7, "FPE": 8, "KILL": 9,
        "USR1": 10, "SEGV": 11, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15, "STKFLT": 16, "CHLD": 17,
        "CONT": 18, "STOP": 19, "TSTP": 20, "TTIN": 21, "TTOU": 22, "URG": 23, "XCPU": 24, "XFSZ": 25,
        "VTALRM": 26, "PROF": 27, "WINCH": 28, "IO": 29, "PWR": 30, "SYS": 31,
    ]

    /// `SIGQUIT` for `SIGQUIT`, `quit`, `QUIT` or `3`; `SIGRTMIN+3` for
    /// `RTMIN+3` or `37`; nil when the value is no signal (or one that cannot
    /// stop a process: SIGSTOP, SIGCONT and friends are refused by systemd too).
    public static func normalized(_ value: String) -> String? {
        if let number = Int(value) { return name(of: number) }
        var name = value.uppercased()
        if name.hasPrefix("SIG") { name.removeFirst(3) }
        if let number = numbers[name] { return SignalName.name(of: number) }
        if name == "RTMIN" { return "SIGRTMIN" }
        if name == "RTMAX" { return "SIGRTMAX" }
        if name.hasPrefix("RTMIN+"), let offset = Int(name.dropFirst(6)), (0...30).contains(offset) {
            return offset == 0 ? "SIGRTMIN" : "SIGRTMIN+\(offset)"
        }
        return nil
    }

    /// The name of signal `number` (1…64), nil outside that range or for a
    /// signal that does not end a process when sent as a stop signal.
    static func name(of number: Int) -> String? {
        guard (1...64).contains(number), ![17, 18, 19, 20, 21, 22, 23, 28].contains(number) else { return nil }
        if let name = numbers.first(where: { $0.value == number })?.key { return "SIG" + name }
        guard number >= 34 else { return nil }  // 32 and 33 belong to glibc
        return number == 34 ? "SIGRTMIN" : number == 64 ? "SIGRTMAX" : "SIGRTMIN+\(number - 34)"
    }
}
