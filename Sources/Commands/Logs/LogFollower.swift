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

    func run(_ print: (Journal) throws(JournalError) -> Void, out: OutputStream) throws {
        Interrupt.install()
        let clock = ContinuousClock()
        var lastActivity = clock.now
        while !Interrupt.requested {
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
            guard let path = try manager.loadedUnitPath(unit) else { return false }
            do throws(BusError) {
                let activity = try manager.activity(ofUnitAt: path)
                return activity.hasJob || !(activity.activeState == "inactive" || activity.activeState == "failed")
            } catch  where error.isUnknownObject {
                return false  // unloaded since GetUnit
            }
        }
    }
}
