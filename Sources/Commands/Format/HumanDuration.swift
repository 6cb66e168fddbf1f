/// Durations as `docker ps` words them ("Less than a second", "About a
/// minute", "3 hours", "2 weeks"), so the STATUS column reads the same.
public enum HumanDuration {
    /// `microseconds` as docker's go-units `HumanDuration` would print it.
    public static func describe(microseconds: Int64) -> String {
        let seconds = microseconds / 1_000_000
        if seconds < 1 { return "Less than a second" }
        if seconds == 1 { return "1 second" }
        if seconds < 60 { return "\(seconds) seconds" }
        let minutes = seconds / 60
        if minutes == 1 { return "About a minute" }
        if minutes < 60 { return "\(minutes) minutes" }
        // Hours are rounded, as docker does (90 minutes is "2 hours").
        let hours = (microseconds + 1_800_000_000) / 3_600_000_000
        if hours == 1 { return "About an hour" }
        if hours < 48 { return "\(hours) hours" }
        if hours < 24 * 7 * 2 { return "\(hours / 24) days" }
        if hours < 24 * 30 * 2 { return "\(hours / 24 / 7) weeks" }
        if hours < 24 * 365 * 2 { return "\(hours / 24 / 30) months" }
        return "\(microseconds / 3_600_000_000 / 24 / 365) years"
    }
}
