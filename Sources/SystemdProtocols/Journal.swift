import Syscalls

/// journald's native protocol (systemd.journal-fields(7), "Native Journal
/// Protocol"): one datagram per entry to `/run/systemd/journal/socket`,
/// fields as `KEY=value\n`, or `KEY\n` + 64-bit little-endian length +
/// value + `\n` for values with a newline.
public struct JournalSender: Sendable {
    public static let defaultSocket = "/run/systemd/journal/socket"

    public let socketPath: String

    public init(socketPath: String = JournalSender.defaultSocket) {
        self.socketPath = socketPath
    }

    /// syslog priorities.
    public enum Priority: Int, Sendable {
        case emergency = 0, alert, critical, error, warning, notice, info, debug
    }

    /// The datagram for one entry: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER, then `fields`.
    /// Field names must be uppercase letters, digits and underscores.
    public static func encode(
        message: String, priority: Priority, identifier: String, fields: [(String, String)] = []
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        func append(_ key: String, _ value: String) {
            bytes.append(contentsOf: key.utf8)
            if value.utf8.contains(UInt8(ascii: "\n")) {
                bytes.append(UInt8(ascii: "\n"))
                var length = UInt64(value.utf8.count).littleEndian
                withUnsafeBytes(of: &length) { bytes.append(contentsOf: $0) }
            } else {
                bytes.append(UInt8(ascii: "="))
            }
            bytes.append(contentsOf: value.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        append("MESSAGE", message)
        append("PRIORITY", String(priority.rawValue))
        append("SYSLOG_IDENTIFIER", identifier)
        for (key, value) in fields { append(key, value) }
        return bytes
    }

    /// Sends one entry.
    public func send(
        message: String, priority: Priority, identifier: String, fields: [(String, String)] = []
    ) throws(SyscallError) {
        let socket = try UnixDatagramSocket()
        defer { socket.close() }
        try socket.send(
            Self.encode(message: message, priority: priority, identifier: identifier, fields: fields), to: socketPath)
    }

    /// Whether standard error is connected to the journal: `$JOURNAL_STREAM`
    /// (`DEVICE:INODE`, set by systemd for StandardError=journal) names the
    /// same file as fd 2.
    public static func standardErrorIsJournal() -> Bool {
        guard let stream = Identity.environment("JOURNAL_STREAM") else { return false }
        let parts = stream.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]),
            let identity = try? FileDescriptor.standardError.identity()
        else { return false }
        return identity.device == device && identity.inode == inode
    }
}
