import CivilTime
import JSON
import Syscalls
import SystemdProtocols

/// Where the runtime's own messages go (never the container's output).
///
/// Under systemd, stderr is the unit's journal stream, which `swctl logs`
/// shows as the container's output; so when stderr is that stream
/// (`$JOURNAL_STREAM` matches fd 2) messages go to journald natively, as
/// SYSLOG_IDENTIFIER=swctl-runtime with CONTAINER_NAME=ID. `--log FILE`
/// sends them to a file (text or runc's JSON lines); else stderr.
public final class Diagnostics {
    enum Sink {
        case standardError
        case journal(JournalSender)
        case file(FileDescriptor, LogFormat)
    }

    public static let identifier = "swctl-runtime"

    private let sink: Sink
    /// The container the messages are about, once known.
    public var containerID: String?

    /// Picks the sink: `--log` if given (falling back to stderr when it
    /// cannot be opened), the journal when stderr is the journal, else stderr.
    public init(logPath: String?, format: LogFormat) {
        if let logPath, let fd = try? FileDescriptor.open(logPath, [.writeOnly, .create, .append], permissions: 0o600) {
            sink = .file(fd, format)
        } else if JournalSender.standardErrorIsJournal() {
            sink = .journal(JournalSender())
        } else {
            sink = .standardError
        }
    }

    init(sink: Sink) {
        self.sink = sink
    }

    public func error(_ message: String) { emit(message, priority: .error) }
    public func warning(_ message: String) { emit(message, priority: .warning) }
    public func info(_ message: String) { emit(message, priority: .info) }

    private func emit(_ message: String, priority: JournalSender.Priority) {
        switch sink {
        case .standardError:
            writeStandardError(line(message))
        case .journal(let journal):
            var fields: [(String, String)] = []
            if let containerID { fields.append(("CONTAINER_NAME", containerID)) }
            do {
                try journal.send(message: message, priority: priority, identifier: Self.identifier, fields: fields)
            } catch {
                writeStandardError(line(message))
            }
        case .file(let fd, .text):
            _ = try? fd.writeAll((Self.timestamp() + " " + line(message)).utf8)
        case .file(let fd, .json):
            let level: String
            switch priority {
            case .emergency, .alert, .critical, .error: level = "error"
            case .warning: level = "warning"
            case .notice, .info: level = "info"
            case .debug: level = "debug"
            }
            let object = JSONValue.object(
                JSONObject([("level", .string(level)), ("msg", .string(message)), ("time", .string(Self.timestamp()))]))
            if let bytes = try? object.serialized() { _ = try? fd.writeAll(bytes + [0x0A]) }
        }
    }

    /// `swctl-runtime: web: message`.
    func line(_ message: String) -> String {
        let prefix = containerID.map { "\(Self.identifier): \($0): " } ?? "\(Self.identifier): "
        return prefix + message + "\n"
    }

    private func writeStandardError(_ text: String) {
        _ = try? FileDescriptor.standardError.writeAll(text.utf8)
    }

    /// RFC 3339 UTC time with nanoseconds, e.g. `2026-01-31T12:00:00.123456789Z`.
    static func timestamp() -> String {
        let now = Identity.wallClock()
        return rfc3339(seconds: now.seconds, nanoseconds: now.nanoseconds)
    }

    static func rfc3339(seconds: Int64, nanoseconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - days * 86400
        let (year, month, day) = CivilTime.date(days: days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(nanoseconds, 9))Z"
    }
}
