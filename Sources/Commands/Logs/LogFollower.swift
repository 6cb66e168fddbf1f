import Glibc
import Systemd

/// `logs --follow`: prints entries as they arrive until interrupted or
/// until the container has stopped for good.
///
/// The rule for "stopped": the unit is inactive or failed (or unloaded)
/// with no job queued, and no line has arrived for `quietPeriod`. The quiet
/// period lets the journal deliver the last lines a stopping container
/// wrote; the job check keeps a restart (stop then start) from ending it.
struct LogFollower {
    let reader: LogReader
    let context: SystemContext
    let unit: String
    var quietPeriod: Duration = .seconds(1)
    /// How long one journal wait lasts, and so how often the unit is polled.
    var pollInterval: UInt64 = 250_000
    /// What SIGINT/SIGTERM do: nil ends the follow; otherwise they are
    /// handed here (`swctl run` passes them to the container) and it goes on.
    var onInterrupt: ((Int32) -> Void)?

    func run(_ print: (Journal) throws(JournalError) -> Void, out: OutputStream) throws {
        Interrupt.install()
        let clock = ContinuousClock()
        var lastActivity = clock.now
        while true {
            if let signal = Interrupt.take() {
                guard let onInterrupt else { break }
                onInterrupt(signal)
            }
            if try reader.printNew(print) > 0 {
                out.flush()
                lastActivity = clock.now
            }
            if try isUnitBusy() {
                lastActivity = clock.now
            } else if clock.now - lastActivity >= quietPeriod {
                break
            }
            _ = try reader.journal.wait(timeout: pollInterval)
        }
        out.flush()
    }

    /// True while the unit runs, starts, stops or has a job queued.
    private func isUnitBusy() throws(CommandFailure) -> Bool {
        try context.onBus("logs \(unit)") { manager throws(BusError) in
            do throws(BusError) {
                return try isBusy(manager)
            } catch  where error.code == EINTR {
                return true  // a signal (handled by the loop) cut the call short: ask again
            }
        }
    }

    private func isBusy(_ manager: Manager) throws(BusError) -> Bool {
        guard let path = try manager.loadedUnitPath(unit) else { return false }
        do throws(BusError) {
            let activity = try manager.activity(ofUnitAt: path)
            return activity.hasJob || !(activity.activeState == "inactive" || activity.activeState == "failed")
        } catch  where error.isUnknownObject {
            return false  // unloaded since GetUnit
        }
    }
}
