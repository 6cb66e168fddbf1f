/// Signal names and numbers (Linux, x86-64 and arm64 numbering), for
/// `swctl kill -s`: `TERM`, `SIGTERM`, `term` and `15` all name SIGTERM.
public enum Signals {
    /// The table, by number.
    public static let table: [(name: String, number: Int32)] = [
        ("HUP", 1), ("INT", 2), ("QUIT", 3), ("ILL", 4), ("TRAP", 5), ("ABRT", 6), ("BUS", 7),
        ("FPE", 8), ("KILL", 9), ("USR1", 10), ("SEGV", 11), ("USR2", 12), ("PIPE", 13),
        ("ALRM", 14), ("TERM", 15), ("STKFLT", 16), ("CHLD", 17), ("CONT", 18), ("STOP", 19),
        ("TSTP", 20), ("TTIN", 21), ("TTOU", 22), ("URG", 23), ("XCPU", 24), ("XFSZ", 25),
        ("VTALRM", 26), ("PROF", 27), ("WINCH", 28), ("IO", 29), ("PWR", 30), ("SYS", 31),
    ]

    /// Other names the kernel headers give the same numbers.
    static let aliases: [String: Int32] = ["IOT": 6, "POLL": 29, "CLD": 17]

    /// Real-time signals: `RTMIN` … `RTMAX` (glibc reserves 32 and 33).
    static let realtimeMin: Int32 = 34
    static let realtimeMax: Int32 = 64

    /// The signal number for a name (with or without `SIG`, any case), a
    /// number, or `RTMIN+n`/`RTMAX-n`; nil when none.
    public static func number(for text: String) -> Int32? {
        if let number = Int32(text) {
            return (1...realtimeMax).contains(number) ? number : nil
        }
        var name = text.uppercased()
        if name.hasPrefix("SIG") { name.removeFirst(3) }
        if let entry = table.first(where: { $0.name == name }) { return entry.number }
        if let number = aliases[name] { return number }
        return realtime(name)
    }

    /// The canonical name (`TERM`) of a signal number.
    public static func name(of number: Int32) -> String {
        if let entry = table.first(where: { $0.number == number }) { return entry.name }
        if number == realtimeMin { return "RTMIN" }
        if number == realtimeMax { return "RTMAX" }
        if number > realtimeMin && number < realtimeMax { return "RTMIN+\(number - realtimeMin)" }
        return "\(number)"
    }

    private static func realtime(_ name: String) -> Int32? {
        if name == "RTMIN" { return realtimeMin }
        if name == "RTMAX" { return realtimeMax }
        if name.hasPrefix("RTMIN+"), let n = Int32(name.dropFirst(6)), realtimeMin + n <= realtimeMax, n >= 0 {
            return realtimeMin + n
        }
        if name.hasPrefix("RTMAX-"), let n = Int32(name.dropFirst(6)), realtimeMax - n >= realtimeMin, n >= 0 {
            return realtimeMax - n
        }
        return nil
    }
}
