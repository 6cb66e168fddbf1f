import CivilTime
/// A point in time given on the command line (`--since`, `--until`):
///
/// - RFC 3339: `2026-11-29T10:00:00Z`, `2026-11-29T11:00:00+01:00`,
///   `2026-11-29T10:00:00.25Z` (a zone is required; `t`/space for `T` and
///   `z` for `Z` are accepted);
/// - Unix seconds: `1764410400`, `1764410400.5`;
/// - a duration meaning that long ago: `45s`, `10m`, `1h30m`, `2d`, `1w`.
public enum TimeSpec {
    /// The accepted forms, for help texts and error messages.
    public static let forms =
        "RFC 3339 (2026-11-29T10:00:00Z), Unix seconds (1764410400) or a duration ago (10m, 1h30m, 2d)"

    /// Parses `text`; `now` resolves durations.
    public static func parse(_ text: String, now: Timestamp) throws(TimeSpecError) -> Timestamp {
        let bytes = Array(text.utf8)
        guard let first = bytes.first else {
            throw TimeSpecError(text: text, reason: "empty; use \(forms)")
        }
        guard first.isDigit else {
            throw TimeSpecError(text: text, reason: "not a time; use \(forms)")
        }
        if bytes.count >= 10, bytes[4] == UInt8(ascii: "-") {
            return try parseRFC3339(bytes, text: text)
        }
        if bytes.allSatisfy({ $0.isDigit || $0 == UInt8(ascii: ".") }) {
            return try parseUnixSeconds(bytes, text: text)
        }
        let duration = try parseDuration(bytes, text: text)
        return Timestamp(microseconds: now.microseconds - duration)
    }

    // MARK: Unix seconds

    private static func parseUnixSeconds(_ bytes: [UInt8], text: String) throws(TimeSpecError) -> Timestamp {
        var reader = Reader(bytes: bytes)
        guard let seconds = reader.integer(maxDigits: 12) else {
            throw TimeSpecError(text: text, reason: "Unix seconds out of range")
        }
        var fraction: Int64 = 0
        if reader.take(UInt8(ascii: ".")) {
            guard let micro = reader.fraction() else {
                throw TimeSpecError(text: text, reason: "expected digits after '.'")
            }
            fraction = micro
        }
        guard reader.atEnd else {
            throw TimeSpecError(text: text, reason: "not a time; use \(forms)")
        }
        return Timestamp(microseconds: seconds * 1_000_000 + fraction)
    }

    // MARK: Durations

    /// Microseconds in each duration unit.
    static let units: [(suffix: String, microseconds: Int64)] = [
        ("w", 7 * 86_400 * 1_000_000), ("d", 86_400 * 1_000_000), ("h", 3_600 * 1_000_000),
        ("m", 60 * 1_000_000), ("s", 1_000_000),
    ]

    private static func parseDuration(_ bytes: [UInt8], text: String) throws(TimeSpecError) -> Int64 {
        var reader = Reader(bytes: bytes)
        var total: Int64 = 0
        while !reader.atEnd {
            guard let count = reader.integer(maxDigits: 9) else {
                throw TimeSpecError(text: text, reason: "expected a number; use \(forms)")
            }
            guard let unitByte = reader.next() else {
                throw TimeSpecError(text: text, reason: "missing unit after \(count) (use s, m, h, d or w)")
            }
            let suffix = String(decoding: [unitByte], as: UTF8.self)
            guard let unit = units.first(where: { $0.suffix == suffix }) else {
                throw TimeSpecError(text: text, reason: "unknown unit '\(suffix)' (use s, m, h, d or w)")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: unit.microseconds)
            guard !overflow, product <= Int64.max - total else {
                throw TimeSpecError(text: text, reason: "duration too long")
            }
            total += product
        }
        return total
    }

    // MARK: RFC 3339

    private static func parseRFC3339(_ bytes: [UInt8], text: String) throws(TimeSpecError) -> Timestamp {
        var reader = Reader(bytes: bytes)
        func field(_ digits: Int, _ name: String) throws(TimeSpecError) -> Int64 {
            guard let value = reader.fixed(digits) else {
                throw TimeSpecError(text: text, reason: "expected \(digits)-digit \(name); use \(forms)")
            }
            return value
        }
        func expect(_ separators: String, _ what: String) throws(TimeSpecError) {
            guard let byte = reader.next(), separators.utf8.contains(byte) else {
                throw TimeSpecError(text: text, reason: "expected \(what); use \(forms)")
            }
        }
        let year = try field(4, "year")
        try expect("-", "'-' after the year")
        let month = try field(2, "month")
        try expect("-", "'-' after the month")
        let day = try field(2, "day")
        guard !reader.atEnd else {
            throw TimeSpecError(text: text, reason: "a date needs a time and a zone, e.g. \(text)T00:00:00Z")
        }
        try expect("Tt ", "'T' between date and time")
        let hour = try field(2, "hour")
        try expect(":", "':' after the hour")
        let minute = try field(2, "minute")
        try expect(":", "':' after the minute")
        let second = try field(2, "second")
        var fraction: Int64 = 0
        if reader.take(UInt8(ascii: ".")) {
            guard let micro = reader.fraction() else {
                throw TimeSpecError(text: text, reason: "expected digits after '.'")
            }
            fraction = micro
        }
        let offset: Int64
        switch reader.next() {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            offset = 0
        case let sign? where sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"):
            let offsetHours = try field(2, "zone hour")
            try expect(":", "':' in the zone offset")
            let offsetMinutes = try field(2, "zone minute")
            guard offsetHours <= 23, offsetMinutes <= 59 else {
                throw TimeSpecError(text: text, reason: "zone offset out of range")
            }
            offset = (offsetHours * 60 + offsetMinutes) * 60 * (sign == UInt8(ascii: "-") ? -1 : 1)
        case nil:
            throw TimeSpecError(text: text, reason: "a time zone is required (Z or ±HH:MM)")
        default:
            throw TimeSpecError(text: text, reason: "expected a time zone (Z or ±HH:MM)")
        }
        guard reader.atEnd else {
            throw TimeSpecError(text: text, reason: "unexpected text after the time zone")
        }
        guard (1...12).contains(month) else {
            throw TimeSpecError(text: text, reason: "month \(month) is out of range")
        }
        guard (1...CivilTime.daysInMonth(year: year, month: month)).contains(day) else {
            throw TimeSpecError(
                text: text, reason: "day \(day) is out of range for \(year)-\(month < 10 ? "0" : "")\(month)")
        }
        guard hour <= 23, minute <= 59, second <= 60 else {
            throw TimeSpecError(text: text, reason: "time of day out of range")
        }
        // A leap second (:60) is folded onto the next second, as most clocks do.
        let seconds =
            CivilTime.days(year: year, month: month, day: day) * 86_400
            + hour * 3600 + minute * 60 + second - offset
        return Timestamp(microseconds: seconds * 1_000_000 + fraction)
    }
}

/// Why a `--since`/`--until` value was rejected.
public struct TimeSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    public var text: String
    public var reason: String

    public var description: String { "'\(text)': \(reason)" }
}

/// A cursor over ASCII bytes for the parsers above.
private struct Reader {
    let bytes: [UInt8]
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func next() -> UInt8? {
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Exactly `count` digits.
    mutating func fixed(_ count: Int) -> Int64? {
        guard index + count <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[index..<(index + count)] {
            guard byte.isDigit else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        index += count
        return value
    }

    /// One or more digits, at most `maxDigits`.
    mutating func integer(maxDigits: Int) -> Int64? {
        let start = index
        var value: Int64 = 0
        while index < bytes.count, bytes[index].isDigit {
            guard index - start < maxDigits else { return nil }
            value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        return index > start ? value : nil
    }

    /// One or more digits after a decimal point, as microseconds (digits past
    /// the sixth are dropped).
    mutating func fraction() -> Int64? {
        let start = index
        var value: Int64 = 0
        var scale: Int64 = 100_000
        while index < bytes.count, bytes[index].isDigit {
            value += Int64(bytes[index] - UInt8(ascii: "0")) * scale
            scale /= 10
            index += 1
        }
        return index > start ? value : nil
    }
}

extension UInt8 {
    fileprivate var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
}
