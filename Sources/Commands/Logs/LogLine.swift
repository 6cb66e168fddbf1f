import Systemd

/// How one journal entry is printed.
enum LogLine {
    /// The journal fields `logs --details` shows before a line, as
    /// `docker logs --details` shows a line's attributes: which container,
    /// which run of its unit (a restart is a new invocation), the priority.
    static let detailFields = ["CONTAINER_NAME", "_SYSTEMD_INVOCATION_ID", "PRIORITY"]

    /// `logs`: the message bytes as they were logged, optionally after an
    /// RFC 3339 timestamp with microseconds and the `detailFields`
    /// (`NAME=value,…`, those the entry has).
    static func container(
        _ journal: Journal, timestamps: Bool, details: Bool = false, clock: WallClock, to out: OutputStream
    ) throws(JournalError) {
        if timestamps {
            let time = Timestamp(microseconds: Int64(try journal.realtime()))
            out.write(time.rfc3339(utcOffset: clock.utcOffset, fractionDigits: 6) + " ")
        }
        if details {
            var pairs: [String] = []
            for field in detailFields {
                if let value = try journal.string(field) { pairs.append(field + "=" + value) }
            }
            if !pairs.isEmpty { out.write(pairs.joined(separator: ",") + " ") }
        }
        _ = try journal.withField("MESSAGE") { bytes in out.write(bytes) }
        out.write("\n")
    }

    /// `status`: `TIME IDENTIFIER[PID]: MESSAGE`, as `journalctl` prints it.
    static func unit(_ journal: Journal, clock: WallClock, to out: OutputStream) throws(JournalError) {
        let time = Timestamp(microseconds: Int64(try journal.realtime()))
        var identifier = try journal.string("SYSLOG_IDENTIFIER")
        if identifier == nil { identifier = try journal.string("_COMM") }
        var pid = try journal.string("SYSLOG_PID")
        if pid == nil { pid = try journal.string("_PID") }
        out.write(clock.format(time) + " " + (identifier ?? "unknown") + (pid.map { "[\($0)]" } ?? "") + ": ")
        _ = try journal.withField("MESSAGE") { bytes in out.write(bytes) }
        out.write("\n")
    }
}
