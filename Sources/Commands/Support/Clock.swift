import Glibc

/// The wall clock and the local zone, read once per command so every time a
/// command prints is relative to the same "now".
public struct WallClock: Sendable {
    public var now: Timestamp
    /// Seconds east of UTC of the local zone at `now` (0 when TZ is UTC).
    public var utcOffset: Int

    public init(now: Timestamp, utcOffset: Int) {
        self.now = now
        self.utcOffset = utcOffset
    }

    /// The system's realtime clock and the zone from `TZ` or /etc/localtime.
    public static func system() -> WallClock {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var broken = tm()
        let offset = localtime_r(&seconds, &broken) != nil ? broken.tm_gmtoff : 0
        return WallClock(
            now: Timestamp(microseconds: Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000),
            utcOffset: offset)
    }

    /// `time` as RFC 3339 in the local zone, whole seconds.
    public func format(_ time: Timestamp) -> String {
        time.rfc3339(utcOffset: utcOffset)
    }
}
