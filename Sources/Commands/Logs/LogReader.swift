import Systemd

/// Which journal entries of a container to read.
enum LogSelection {
    /// The container's own stdout/stderr (`swctl logs`): the unit's stream
    /// entries only, not systemd's messages about the unit nor the
    /// diagnostics swctl's helpers log natively.
    case containerOutput
    /// Everything about the unit, as `systemctl status` shows it: what its
    /// processes logged, and what systemd logged about it.
    case unitMessages
}

/// The part of the journal to print first.
struct LogWindow: Equatable {
    var since: Timestamp?
    var until: Timestamp?
    /// Only the last this many entries of the window; nil for all.
    var tail: Int?
}

/// Reads one container's entries from the journal in order, handing each
/// to a printer positioned on it.
final class LogReader {
    let journal: Journal

    init(unit: String, selection: LogSelection) throws(JournalError) {
        journal = try Journal()
        switch selection {
        case .containerOutput:
            try journal.addMatch("_SYSTEMD_UNIT", unit)
            try journal.addMatch("_TRANSPORT", "stdout")
        case .unitMessages:
            // As `systemctl status`: the unit's processes, systemd (PID 1)
            // about the unit, and root's programs that name the unit.
            try journal.addMatch("_SYSTEMD_UNIT", unit)
            try journal.addDisjunction()
            try journal.addMatch("_PID", "1")
            try journal.addMatch("UNIT", unit)
            try journal.addDisjunction()
            try journal.addMatch("_UID", "0")
            try journal.addMatch("OBJECT_SYSTEMD_UNIT", unit)
        }
    }

    /// Prints the entries of `window` and leaves the cursor after the last
    /// one, so `printNew` continues from there. Returns how many were printed.
    @discardableResult
    func printWindow(_ window: LogWindow, _ print: (Journal) throws(JournalError) -> Void) throws(JournalError) -> Int {
        if let tail = window.tail {
            return try printTail(tail, window, print)
        }
        if let since = window.since {
            try journal.seek(realtime: UInt64(max(0, since.microseconds)))
        } else {
            try journal.seekHead()
        }
        return try printNew(until: window.until, since: window.since, print)
    }

    /// Prints the entries after the cursor, up to `until`; returns how many.
    @discardableResult
    func printNew(
        until: Timestamp? = nil, since: Timestamp? = nil, _ print: (Journal) throws(JournalError) -> Void
    ) throws(JournalError) -> Int {
        var count = 0
        while try journal.next() {
            let time = Int64(try journal.realtime())
            if let until, time > until.microseconds { break }
            if let since, time < since.microseconds { continue }
            try print(journal)
            count += 1
        }
        return count
    }

    /// The last `count` entries of the window: walk back from its end
    /// counting, then forward printing.
    private func printTail(
        _ count: Int, _ window: LogWindow, _ print: (Journal) throws(JournalError) -> Void
    ) throws(JournalError) -> Int {
        if let until = window.until {
            try journal.seek(realtime: UInt64(max(0, until.microseconds + 1)))
        } else {
            try journal.seekTail()
        }
        var found = 0
        while found < count, try journal.previous() {
            let time = Int64(try journal.realtime())
            if let until = window.until, time > until.microseconds { continue }
            if let since = window.since, time < since.microseconds {
                // One step too far: back onto the oldest entry in the window.
                if found > 0 { _ = try journal.next() }
                break
            }
            found += 1
        }
        guard found > 0 else {
            // Nothing to print: park on the newest entry so only later ones follow.
            try journal.seekTail()
            _ = try journal.previous()
            return 0
        }
        try print(journal)
        for _ in 1..<found {
            guard try journal.next() else { break }
            try print(journal)
        }
        return found
    }
}
