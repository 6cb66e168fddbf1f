/// How a job ended, from the `JobRemoved` signal.
public enum JobResult: Sendable, Equatable {
    case done
    case canceled
    case timeout
    case failed
    case dependency
    case skipped
    /// A result this code does not know by name (`invalid`, `assert`, …).
    case other(String)
    /// The job object disappeared without its `JobRemoved` signal reaching
    /// us; the unit's state tells what happened.
    case vanished

    init(_ text: String) {
        switch text {
        case "done": self = .done
        case "canceled": self = .canceled
        case "timeout": self = .timeout
        case "failed": self = .failed
        case "dependency": self = .dependency
        case "skipped": self = .skipped
        default: self = .other(text)
        }
    }
}

/// Watches `JobRemoved` so a caller can enqueue jobs and wait for them,
/// like `systemctl start` does. Create it *before* enqueuing, so a job that
/// finishes at once is not missed.
public final class JobWatch {
    private let manager: Manager
    private let match: SignalMatch
    private var finished: [String: JobResult] = [:]

    public init(manager: Manager) throws(BusError) {
        self.manager = manager
        self.match = try SignalMatch(
            bus: manager.bus, sender: Manager.service, path: Manager.path, interface: Manager.interface,
            member: "JobRemoved")
    }

    /// Waits until every job in `jobs` (object paths) has finished.
    ///
    /// Signals are the fast path; once a second the job objects are also
    /// looked up, so a signal lost in transit cannot make this hang.
    public func wait(for jobs: [String]) throws(BusError) -> [String: JobResult] {
        var pending = Set(jobs)
        var idleRounds = 0
        while true {
            try manager.bus.processPending()
            collect()
            pending.subtract(finished.keys)
            if pending.isEmpty { break }
            if idleRounds >= 4 {
                idleRounds = 0
                for job in pending where try !exists(job) {
                    try manager.bus.processPending()
                    collect()
                    if finished[job] == nil { finished[job] = .vanished }
                }
                continue
            }
            try manager.bus.wait(timeout: 250_000)
            idleRounds += 1
        }
        return finished.filter { jobs.contains($0.key) }
    }

    /// Moves queued `JobRemoved(u id, o job, s unit, s result)` signals into `finished`.
    private func collect() {
        for message in match.drain() {
            do {
                _ = try message.readBasic("u", as: UInt32.self)
                let job = try message.readString("o")
                _ = try message.readString()
                let result = try message.readString()
                finished[job] = JobResult(result)
            } catch {
                continue  // a malformed signal tells us nothing; the poll covers it
            }
        }
    }

    private func exists(_ job: String) throws(BusError) -> Bool {
        do {
            _ = try manager.bus.stringProperty(
                destination: Manager.service, path: job, interface: "org.freedesktop.systemd1.Job",
                member: "State")
            return true
        } catch  where error.isUnknownObject {
            return false
        }
    }
}
