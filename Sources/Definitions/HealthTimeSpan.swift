/// Durations of the `Health*Interval=`, `Health*Timeout=` and
/// `HealthStartPeriod=` keys, in microseconds (systemd's unit).
///
/// Accepts what podman accepts (Go durations: `30s`, `1m30s`, `1h`, `500ms`)
/// and systemd's own time spans (`1min 30s`, `2 h`); a bare number is
/// seconds, as in systemd.
public enum HealthTimeSpan {
    static let units: [(names: [String], microseconds: UInt64)] = [
        (["ns", "nsec"], 0),
        (["us", "µs", "usec"], 1),
        (["ms", "msec"], 1_000),
        (["s", "sec", "second", "seconds"], 1_000_000),
        (["m", "min", "minute", "minutes"], 60_000_000),
        (["h", "hr", "hour", "hours"], 3_600_000_000),
        (["d", "day", "days"], 86_400_000_000),
    ]

    /// The span in microseconds; nil when `text` is not a time span.
    /// Nanoseconds round up to a whole microsecond.
    public static func microseconds(_ text: String) -> UInt64? {
        var rest = Substring(text)
        var total: UInt64 = 0
        var sawComponent = false
        while true {
            rest = rest.drop { $0 == " " }
            guard !rest.isEmpty else { break }
            let digits = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !digits.isEmpty, let number = Double(digits), number.isFinite else { return nil }
            rest = rest.dropFirst(digits.count).drop { $0 == " " }
            let word = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(word.count)
            let factor: UInt64
            if word.isEmpty {
                // A bare number: seconds, and only as the last component.
                guard rest.allSatisfy({ $0 == " " }) else { return nil }
                factor = 1_000_000
            } else {
                guard let unit = units.first(where: { $0.names.contains(String(word)) }) else { return nil }
                factor = unit.microseconds
            }
            let value = factor == 0 ? (number / 1_000).rounded(.up) : number * Double(factor)
            guard value < 1e15 else { return nil }
            total += UInt64(value.rounded())
            sawComponent = true
        }
        return sawComponent ? total : nil
    }

    /// A span as systemd writes it in a unit (`OnUnitInactiveSec=1min 30s`):
    /// whole units, largest first, down to milliseconds.
    public static func unitText(microseconds: UInt64) -> String {
        guard microseconds > 0 else { return "0" }
        var rest = microseconds
        var parts: [String] = []
        for (suffix, size) in [
            ("d", UInt64(86_400_000_000)), ("h", 3_600_000_000), ("min", 60_000_000),
            ("s", 1_000_000), ("ms", 1_000), ("us", 1),
        ] where rest >= size {
            parts.append("\(rest / size)\(suffix)")
            rest %= size
        }
        return parts.joined(separator: " ")
    }
}
