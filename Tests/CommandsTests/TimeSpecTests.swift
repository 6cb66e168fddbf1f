import CivilTime
import Testing

@testable import Commands

@Suite("--since/--until parsing")
struct TimeSpecTests {
    /// 2026-11-29T10:00:00Z
    static let tenOClock: Int64 = 1_795_946_400
    static let now = Timestamp(microseconds: tenOClock * 1_000_000)

    @Test(
        "RFC 3339 in every accepted spelling",
        arguments: [
            ("2026-11-29T10:00:00Z", tenOClock * 1_000_000),
            ("2026-11-29t10:00:00z", tenOClock * 1_000_000),
            ("2026-11-29 10:00:00Z", tenOClock * 1_000_000),
            ("2026-11-29T11:00:00+01:00", tenOClock * 1_000_000),
            ("2026-11-29T04:30:00-05:30", tenOClock * 1_000_000),
            ("2026-11-29T10:00:00.5Z", tenOClock * 1_000_000 + 500_000),
            ("2026-11-29T10:00:00.123456789Z", tenOClock * 1_000_000 + 123_456),
            ("1970-01-01T00:00:00Z", 0),
            ("2000-02-29T00:00:00Z", 951_782_400 * 1_000_000),
            ("1969-12-31T23:59:59Z", -1_000_000),
        ] as [(String, Int64)])
    func rfc3339(text: String, microseconds: Int64) throws {
        #expect(try TimeSpec.parse(text, now: Self.now) == Timestamp(microseconds: microseconds))
    }

    @Test(
        "Unix seconds, whole and fractional",
        arguments: [
            ("1764410400", Int64(1_764_410_400_000_000)),
            ("1764410400.5", Int64(1_764_410_400_500_000)),
            ("0", Int64(0)),
        ])
    func unixSeconds(text: String, microseconds: Int64) throws {
        #expect(try TimeSpec.parse(text, now: Self.now) == Timestamp(microseconds: microseconds))
    }

    @Test(
        "durations mean that long before now",
        arguments: [
            ("45s", Int64(45)), ("10m", Int64(600)), ("1h30m", Int64(5400)), ("2d", Int64(172_800)),
            ("1w", Int64(604_800)), ("1d2h3m4s", Int64(93_784)),
        ])
    func durations(text: String, secondsAgo: Int64) throws {
        let parsed = try TimeSpec.parse(text, now: Self.now)
        #expect(parsed.microseconds == Self.now.microseconds - secondsAgo * 1_000_000)
    }

    @Test(
        "bad input says what is wrong",
        arguments: [
            ("", "empty"),
            ("yesterday", "not a time"),
            ("10x", "unknown unit 'x'"),
            ("10", nil),
            ("1h30", "missing unit after 30"),
            ("2026-11-29T10:00:00", "a time zone is required"),
            ("2026-11-29", "a date needs a time and a zone"),
            ("2026-13-01T00:00:00Z", "month 13 is out of range"),
            ("2026-02-29T00:00:00Z", "day 29 is out of range for 2026-02"),
            ("2026-11-29T24:00:00Z", "time of day out of range"),
            ("2026-11-29T10:00:00+25:00", "zone offset out of range"),
            ("2026-11-29T10:00:00Zjunk", "unexpected text after the time zone"),
            ("2026-11-29T10:00Z", "expected ':' after the minute"),
            ("1764410400.", "expected digits after '.'"),
            ("99999999999999999", "out of range"),
        ] as [(String, String?)])
    func badInput(text: String, expected: String?) {
        do {
            _ = try TimeSpec.parse(text, now: Self.now)
            #expect(expected == nil, "'\(text)' was accepted")
        } catch {
            guard let expected else {
                Issue.record("'\(text)' was rejected: \(error)")
                return
            }
            #expect(error.description.hasPrefix("'\(text)': "))
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }
}

@Suite("RFC 3339 output")
struct TimestampTests {
    @Test("round trip through the civil calendar on every day of four years")
    func civilRoundTrip() {
        for days in Int64(-800)...Int64(800) {
            let date = CivilTime.date(days: days + 20_000)
            #expect(CivilTime.days(year: date.year, month: date.month, day: date.day) == days + 20_000)
        }
    }

    @Test("formats UTC, offsets and fractions")
    func formatting() {
        let time = Timestamp(microseconds: TimeSpecTests.tenOClock * 1_000_000 + 123_456)
        #expect(time.rfc3339() == "2026-11-29T10:00:00Z")
        #expect(time.rfc3339(fractionDigits: 6) == "2026-11-29T10:00:00.123456Z")
        #expect(time.rfc3339(fractionDigits: 3) == "2026-11-29T10:00:00.123Z")
        #expect(time.rfc3339(utcOffset: 3600) == "2026-11-29T11:00:00+01:00")
        #expect(time.rfc3339(utcOffset: -19_800) == "2026-11-29T04:30:00-05:30")
        #expect(Timestamp(microseconds: -1).rfc3339(fractionDigits: 6) == "1969-12-31T23:59:59.999999Z")
    }

    @Test("what is printed parses back to the same instant")
    func printedParsesBack() throws {
        let time = Timestamp(microseconds: 1_764_410_400_654_321)
        for offset in [0, 3600, -27_000] {
            let text = time.rfc3339(utcOffset: offset, fractionDigits: 6)
            #expect(try TimeSpec.parse(text, now: time) == time)
        }
    }

    @Test("systemd's 0 means never")
    func systemdZero() {
        #expect(Timestamp(systemd: 0) == nil)
        #expect(Timestamp(systemd: 5) == Timestamp(microseconds: 5))
    }
}
