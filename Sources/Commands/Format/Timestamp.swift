import CivilTime
/// A point in time as systemd and the journal give it: microseconds since
/// the Unix epoch (CLOCK_REALTIME).
public struct Timestamp: Sendable, Equatable, Comparable, Hashable {
    public var microseconds: Int64

    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    /// A systemd timestamp property; nil for 0, which systemd uses for "never".
    public init?(systemd value: UInt64) {
        guard value != 0, let microseconds = Int64(exactly: value) else { return nil }
        self.microseconds = microseconds
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.microseconds < b.microseconds }

    /// RFC 3339 text in the zone `utcOffset` seconds east of UTC: `Z` for 0,
    /// `+01:00` otherwise. `fractionDigits` (0…6) of the second are kept.
    public func rfc3339(utcOffset: Int = 0, fractionDigits: Int = 0) -> String {
        let local = microseconds + Int64(utcOffset) * 1_000_000
        let (seconds, fraction) = Self.floorDivide(local, 1_000_000)
        let (days, secondOfDay) = Self.floorDivide(seconds, 86_400)
        let date = CivilTime.date(days: days)
        var text = "\(Self.pad(date.year, 4))-\(Self.pad(date.month, 2))-\(Self.pad(date.day, 2))"
        text +=
            "T\(Self.pad(secondOfDay / 3600, 2)):\(Self.pad(secondOfDay / 60 % 60, 2)):\(Self.pad(secondOfDay % 60, 2))"
        let digits = min(max(fractionDigits, 0), 6)
        if digits > 0 {
            var divisor: Int64 = 1
            for _ in 0..<(6 - digits) { divisor *= 10 }
            text += "." + Self.pad(fraction / divisor, digits)
        }
        if utcOffset == 0 {
            text += "Z"
        } else {
            let minutes = abs(utcOffset) / 60
            text +=
                (utcOffset < 0 ? "-" : "+") + Self.pad(Int64(minutes / 60), 2) + ":" + Self.pad(Int64(minutes % 60), 2)
        }
        return text
    }

    /// Quotient and remainder rounded toward negative infinity, so times
    /// before 1970 still land on the right day.
    static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        var quotient = a / b
        var remainder = a % b
        if remainder < 0 {
            quotient -= 1
            remainder += b
        }
        return (quotient, remainder)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
