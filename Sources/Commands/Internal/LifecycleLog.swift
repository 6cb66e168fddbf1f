import SystemdProtocols

/// Where `prepare` and `cleanup` report: natively to the journal when
/// systemd runs them (so the lines carry SYSLOG_IDENTIFIER=swctl and stay out
/// of the container's own output that `swctl logs` shows), else stderr.
enum LifecycleLog {
    static func error(_ message: String, container: String) {
        if JournalSender.standardErrorIsJournal(),
            (try? JournalSender().send(
                message: message, priority: .error, identifier: "swctl",
                fields: [("CONTAINER_NAME", container)])) != nil
        {
            return
        }
        let stream = OutputStream.standardError()
        stream.line("swctl: \(message)")
        stream.flush()
    }
}
