import ArgumentParser
import Definitions
import Engine
import Syscalls
import Systemd

/// `swctl auto-update`: the containers whose definitions carry
/// `AutoUpdate=`, updated to the newest image and restarted, rolled back
/// when they do not come up again.
struct AutoUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auto-update",
        abstract: "Update running containers whose definitions have AutoUpdate= to their newest image.",
        discussion: """
            For each running container whose definition has AutoUpdate=: with \
            AutoUpdate=registry the digest of Image= in its registry (one manifest request) \
            is compared with the image store's; if they differ the image is pulled. With \
            AutoUpdate=local the image the name points at in the store is compared with the \
            one the container was started from (swctl image tag, load or import moved it). \
            A container whose image changed is restarted (systemctl restart ctr@NAME); if the \
            restart fails or the container is not running --settle seconds later, the name is \
            pointed back at the image it ran before and it is restarted again: 'rolled back'.

            UPDATED is pending (--dry-run: an update is due), true, false (up to date), \
            rolled back or failed. The exit status is 1 when any container failed or was \
            rolled back (each is named on stderr). Containers that are not running are left \
            alone. swctl-auto-update.timer runs this daily.

            Examples:
              swctl auto-update --dry-run
              swctl auto-update
              swctl auto-update --format json | jq -r '.[] | select(.updated == "rolled back") | .container'
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table
        case json
    }

    @Flag(help: "Only check: report pending updates, change nothing.")
    var dryRun = false

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    @Option(help: "Seconds a restarted container must stay running to count as updated.")
    var settle: Double = 3

    func validate() throws {
        guard settle >= 0, settle <= 600 else { throw ValidationError("--settle: use 0 to 600 seconds") }
    }

    func run() throws {
        let environment = ProcessEnvironment.current()
        let updater = AutoUpdater(
            paths: .fromEnvironment(environment), definitions: .fromEnvironment(environment),
            environment: environment)
        let context = SystemContext.live()
        let run = AutoUpdateRun(
            updater: updater, context: context, dryRun: dryRun, settleMilliseconds: Int(settle * 1000))
        let reports = try run.all()
        let out = OutputStream.standardOutput()
        switch format {
        case .table: out.write(AutoUpdateRendering.table(reports))
        case .json: out.write(AutoUpdateRendering.json(reports))
        }
        out.flush()
        if reports.contains(where: { $0.updated == .failed || $0.updated == .rolledBack }) {
            throw CommandFailure.alreadyReported(.failure)
        }
    }
}
