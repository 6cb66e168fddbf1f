import CSystemd
import Glibc

/// A failed sd-journal operation.
public struct JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was attempted, e.g. `open the journal`.
    public var operation: String
    /// The positive errno value sd-journal returned.
    public var code: Int32

    public init(operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    public var isAccessDenied: Bool { code == EACCES || code == EPERM }

    public var description: String { "\(operation): \(ErrnoName.describe(code))" }
}

/// A read cursor over the local journal, owning its `sd_journal` handle.
///
/// Matches on different fields are ANDed, matches on the same field ORed, as
/// in `journalctl FIELD=a FIELD=b OTHER=c`. Not thread-safe.
public final class Journal {
    private let handle: OpaquePointer

    /// How `wait` ended.
    public enum Change: Sendable, Equatable {
        /// Nothing new within the timeout (or a signal interrupted the wait).
        case none
        /// Entries were appended.
        case appended
        /// Files were added or removed (rotation, vacuum): entries may be new too.
        case invalidated
    }

    /// Opens the journal files of this machine (system and, for a normal user,
    /// that user's), no remote ones. Field data is read whole, however long.
    public init() throws(JournalError) {
        var handle: OpaquePointer?
        let result = sd_journal_open(&handle, Int32(SD_JOURNAL_LOCAL_ONLY))
        guard result >= 0, let handle else {
            throw JournalError(operation: "open the journal", code: -result)
        }
        self.handle = handle
        // The default threshold truncates field data at 64 KiB; a log line must
        // come out as it went in.
        _ = sd_journal_set_data_threshold(handle, 0)
    }

    deinit {
        sd_journal_close(handle)
    }

    /// Adds `FIELD=value` to the current term (ANDed with other fields).
    public func addMatch(_ field: String, _ value: String) throws(JournalError) {
        let text = "\(field)=\(value)"
        let result = text.withCString { sd_journal_add_match(handle, $0, 0) }
        if result < 0 { throw JournalError(operation: "add journal match \(text)", code: -result) }
    }

    /// Removes every match: the next read sees all entries again.
    public func removeMatches() {
        sd_journal_flush_matches(handle)
    }

    /// Ends the current term: entries matching it OR the next one are read.
    public func addDisjunction() throws(JournalError) {
        try check(sd_journal_add_disjunction(handle), "add journal disjunction")
    }

    /// Places the cursor before the first entry.
    public func seekHead() throws(JournalError) {
        try check(sd_journal_seek_head(handle), "seek to the journal's head")
    }

    /// Places the cursor after the last entry.
    public func seekTail() throws(JournalError) {
        try check(sd_journal_seek_tail(handle), "seek to the journal's tail")
    }

    /// Places the cursor at the first entry written at or after `microseconds`
    /// (realtime), so `next()` returns it.
    public func seek(realtime microseconds: UInt64) throws(JournalError) {
        try check(sd_journal_seek_realtime_usec(handle, microseconds), "seek the journal to \(microseconds)")
    }

    /// Moves to the next matching entry; false at the end.
    public func next() throws(JournalError) -> Bool {
        let result = sd_journal_next(handle)
        try check(result, "read the next journal entry")
        return result > 0
    }

    /// Moves to the previous matching entry; false at the beginning.
    public func previous() throws(JournalError) -> Bool {
        let result = sd_journal_previous(handle)
        try check(result, "read the previous journal entry")
        return result > 0
    }

    /// When the current entry was written, in microseconds since the epoch.
    public func realtime() throws(JournalError) -> UInt64 {
        var value: UInt64 = 0
        try check(sd_journal_get_realtime_usec(handle, &value), "read an entry's timestamp")
        return value
    }

    /// The current entry's cursor: a stable position to come back to.
    public func cursor() throws(JournalError) -> String {
        var value: UnsafeMutablePointer<CChar>?
        let result = sd_journal_get_cursor(handle, &value)
        guard result >= 0, let value else { throw JournalError(operation: "read an entry's cursor", code: -result) }
        defer { free(value) }
        return String(cString: value)
    }

    /// Calls `body` with the raw bytes of the current entry's field `name`
    /// (without the `NAME=` prefix); nil when the entry has no such field.
    public func withField<R>(
        _ name: String, _ body: (UnsafeRawBufferPointer) throws(JournalError) -> R
    ) throws(JournalError) -> R? {
        var data: UnsafeRawPointer?
        var length = 0
        let result = name.withCString { sd_journal_get_data(handle, $0, &data, &length) }
        if result == -ENOENT { return nil }
        try check(result, "read field \(name)")
        guard let data else { return nil }
        let prefix = name.utf8.count + 1
        guard length >= prefix else { return nil }
        return try body(UnsafeRawBufferPointer(start: data + prefix, count: length - prefix))
    }

    /// The current entry's field `name` as text (invalid UTF-8 repaired);
    /// nil when absent.
    public func string(_ name: String) throws(JournalError) -> String? {
        try withField(name) { bytes in String(decoding: bytes, as: UTF8.self) }
    }

    /// Waits up to `timeout` microseconds for the journal to change.
    public func wait(timeout: UInt64) throws(JournalError) -> Change {
        let result = sd_journal_wait(handle, timeout)
        if result == -EINTR { return .none }
        try check(result, "wait for the journal")
        switch result {
        case Int32(SD_JOURNAL_APPEND): return .appended
        case Int32(SD_JOURNAL_INVALIDATE): return .invalidated
        default: return .none
        }
    }

    private func check(_ result: Int32, _ operation: String) throws(JournalError) {
        if result < 0 { throw JournalError(operation: operation, code: -result) }
    }
}
