import Definitions
import Engine
import Glibc
import Systemd

/// One line of `swctl auto-update`'s report.
struct AutoUpdateReport: Equatable {
    enum Updated: String {
        case pending
        case yes = "true"
        case no = "false"
        case rolledBack = "rolled back"
        case failed
    }
    var unit: String
    var container: String
    var image: String
    var policy: AutoUpdatePolicy
    var updated: Updated
}

/// The steps of one `swctl auto-update`: check each running target,
/// fetch, restart, judge, roll back. Problems go to stderr as they happen.
struct AutoUpdateRun {
    let updater: AutoUpdater
    let context: SystemContext
    let dryRun: Bool
    let settleMilliseconds: Int

    func all() throws(CommandFailure) -> [AutoUpdateReport] {
        var reports: [AutoUpdateReport] = []
        for target in updater.targets() where try isRunning(target.name) {
            reports.append(try one(target))
        }
        return reports
    }

    private func one(_ target: AutoUpdateTarget) throws(CommandFailure) -> AutoUpdateReport {
        var report = AutoUpdateReport(
            unit: target.unit, container: target.name, image: target.image, policy: target.policy, updated: .no)
        let check: AutoUpdateCheck
        do {
            check = try updater.check(target)
        } catch {
            return failed(report, "auto-update \(error)")
        }
        guard check.isPending else { return report }
        if dryRun {
            report.updated = .pending
            return report
        }
        do {
            try updater.fetch(target, check)
        } catch {
            return failed(report, "auto-update \(error)")
        }
        if try restartAndSettle(target) {
            report.updated = .yes
            return report
        }
        // The image the container ran before; without a record of it, the
        // one the name pointed at before the pull.
        guard let previous = check.running ?? check.local else {
            return failed(
                report,
                "auto-update \(target.name): \(target.unit) did not come up with \(target.image), and there is no previous image to go back to"
            )
        }
        do {
            try updater.pointName(of: check, at: previous)
        } catch {
            return failed(report, "auto-update \(target.name): \(error)")
        }
        guard try restartAndSettle(target) else {
            return failed(
                report,
                "auto-update \(target.name): \(target.unit) did not come up with \(target.image), nor after the roll-back to \(previous)"
            )
        }
        report.updated = .rolledBack
        warn(
            "auto-update \(target.name): \(target.unit) did not come up with the new \(target.image): rolled back to \(previous)"
        )
        return report
    }

    private func failed(_ report: AutoUpdateReport, _ message: String) -> AutoUpdateReport {
        warn(message)
        var report = report
        report.updated = .failed
        return report
    }

    private func warn(_ message: String) {
        let err = OutputStream.standardError()
        err.line("swctl: \(message)")
        err.flush()
    }

    /// The unit is active (running, maybe reloading).
    private func isRunning(_ name: String) throws(CommandFailure) -> Bool {
        let container = try context.resolve(name, action: "auto-update \(name)")
        guard let path = container.unitPath else { return false }
        return try context.onBus("auto-update \(name)") { manager throws(BusError) in
            if case .running = ContainerState(unit: try manager.properties(ofUnitAt: path)) { return true }
            return false
        }
    }

    /// `systemctl restart`, then: still running after the settle time?
    private func restartAndSettle(_ target: AutoUpdateTarget) throws(CommandFailure) -> Bool {
        let action = "auto-update \(target.name): restart \(target.unit)"
        let result = try context.onBus(action) { manager throws(BusError) in
            let watch = try JobWatch(manager: manager)
            let job = try manager.restartUnit(target.unit)
            return try watch.wait(for: [job])[job] ?? .vanished
        }
        guard result == .done || result == .vanished else { return false }
        var remaining = settleMilliseconds
        repeat {
            guard try isRunning(target.name) else { return false }
            let step = min(remaining, 250)
            usleep(UInt32(step * 1000))
            remaining -= step
        } while remaining > 0
        return try isRunning(target.name)
    }
}

/// The report as a table (podman's columns) or JSON.
enum AutoUpdateRendering {
    static func table(_ reports: [AutoUpdateReport]) -> String {
        Table.render(
            headers: ["UNIT", "CONTAINER", "IMAGE", "POLICY", "UPDATED"],
            rows: reports.map { [$0.unit, $0.container, $0.image, $0.policy.rawValue, $0.updated.rawValue] })
    }

    static func json(_ reports: [AutoUpdateReport]) -> String {
        JSONText.array(
            reports.map {
                [
                    ("unit", .string($0.unit)), ("container", .string($0.container)), ("image", .string($0.image)),
                    ("policy", .string($0.policy.rawValue)), ("updated", .string($0.updated.rawValue)),
                ]
            })
    }
}
