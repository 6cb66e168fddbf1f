/// Resource figures as `systemctl status` prints them.
public enum Quantities {
    /// Bytes in binary units with one decimal: `512B`, `1.5K`, `12.3M`, `2.0G`.
    public static func bytes(_ value: UInt64) -> String {
        let units = ["B", "K", "M", "G", "T", "P", "E"]
        guard value >= 1024 else { return "\(value)B" }
        var unit = 0
        var scaled = value
        // Keep one decimal: work in tenths of the unit to stay in integers.
        while scaled >= 1024 * 1024 && unit < units.count - 2 {
            scaled /= 1024
            unit += 1
        }
        let tenths = (scaled * 10 + 512) / 1024
        return "\(tenths / 10).\(tenths % 10)\(units[unit + 1])"
    }

    /// CPU time: `0ms`, `250ms`, `1.234s`, `2min 3.456s`, `1h 2min 3.456s`.
    public static func cpu(nanoseconds: UInt64) -> String {
        let milliseconds = nanoseconds / 1_000_000
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        let hours = milliseconds / 3_600_000
        let minutes = milliseconds / 60_000 % 60
        let seconds = milliseconds / 1000 % 60
        let rest = milliseconds % 1000
        let fraction = rest < 10 ? "00\(rest)" : rest < 100 ? "0\(rest)" : "\(rest)"
        var text = "\(seconds).\(fraction)s"
        if hours > 0 || minutes > 0 { text = "\(minutes)min " + text }
        if hours > 0 { text = "\(hours)h " + text }
        return text
    }

    /// `number` scaled down by 10^digits, with exactly `digits` fraction
    /// digits: (1234, 2) → `12.34`, (5, 2) → `0.05`, (-5, 1) → `-0.5`.
    public static func fixed(_ number: Int64, digits: Int) -> String {
        guard digits > 0 else { return String(number) }
        let magnitude = String(number.magnitude)
        let padded = String(repeating: "0", count: max(0, digits + 1 - magnitude.count)) + magnitude
        let split = padded.index(padded.endIndex, offsetBy: -digits)
        return (number < 0 ? "-" : "") + padded[..<split] + "." + padded[split...]
    }
}
