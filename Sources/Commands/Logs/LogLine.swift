import Systemd

/// How one journal entry is printed.
enum LogLine {
    /// `logs`: the message bytes as they were logged, optionally after an
    /// RFC 3339 timestamp with microseconds.
    static func container(
        _ journal: Journal, timestamps: Bool, clock: WallClock, to out: OutputStream
    ) throws(JournalError) {
        if timestamps {
            let time = Timestamp(microseconds: Int64(try journal.realtime()))
            out.write(time.rfc3339(utcOffset: clock.utcOffset, fractionDigits: 6) + " ")
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
