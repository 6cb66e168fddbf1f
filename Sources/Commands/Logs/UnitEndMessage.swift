import Systemd

/// The journal's memory of how a unit's last run ended, for containers whose
/// unit systemd has unloaded (an inactive unit nothing refers to is
/// garbage-collected, and its state with it).
///
/// systemd logs, as PID 1 with `UNIT=` set, "Deactivated successfully"
/// (`SD_MESSAGE_UNIT_SUCCESS`) or "Failed with result …"
/// (`SD_MESSAGE_UNIT_FAILED`, with `UNIT_RESULT=`) each time a unit goes
/// inactive.
enum UnitEndMessage {
    static let success = "7ad2d189f7e94e70a38c781354912448"
    static let failure = "d9b373ed55a64feb8242e02dbe79a49c"

    /// The state the newest such message of `unit` describes; nil when the
    /// journal has none (never run, or rotated away).
    static func lastState(of unit: String, in journal: Journal) throws(JournalError) -> ContainerState? {
        journal.removeMatches()
        try journal.addMatch("MESSAGE_ID", success)
        try journal.addMatch("MESSAGE_ID", failure)
        try journal.addMatch("_PID", "1")
        try journal.addMatch("UNIT", unit)
        try journal.seekTail()
        guard try journal.previous(), let id = try journal.string("MESSAGE_ID") else { return nil }
        let time = Timestamp(microseconds: Int64(try journal.realtime()))
        return ContainerState(lastEnd: id, result: try journal.string("UNIT_RESULT"), at: time)
    }
}
