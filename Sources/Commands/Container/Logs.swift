import ArgumentParser
import Systemd

struct Logs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print a container's output.",
        discussion: """
            Prints what the container wrote to stdout and stderr, across restarts, \
            from the journal: the entries of ctr@NAME.service that came from its \
            output stream. systemd's messages about the unit and swctl's own \
            diagnostics are left out (see 'swctl status NAME' for those). Each \
            message is printed as it was logged, one line per entry.

            --since and --until take \(TimeSpec.forms).

            --follow keeps printing new lines as they arrive. It ends on Ctrl-C, or \
            once the container has stopped: when its unit is inactive or failed, \
            with no job queued, and no new line has arrived for one second (a \
            restart in progress keeps it going).

            Examples:
              swctl logs web
              swctl logs -n 20 -f web
              swctl logs --since 10m web
              swctl logs -t --since 2026-11-29T10:00:00Z --until 2026-11-29T11:00:00Z web
              swctl logs --details -n 5 web     # which run of the unit wrote each line
            """)

    @Flag(name: .shortAndLong, help: "Keep printing new lines until the container stops.")
    var follow = false

    @Option(
        name: [.customShort("n"), .customLong("tail")],
        help: ArgumentHelp("Print only the last N lines (default: all).", valueName: "N"))
    var tail: Int?

    @Option(help: ArgumentHelp("Start at this time (RFC 3339, Unix seconds, or a duration ago).", valueName: "T"))
    var since: String?

    @Option(help: ArgumentHelp("Stop at this time (same forms as --since).", valueName: "T"))
    var until: String?

    @Flag(name: .shortAndLong, help: "Prefix each line with its RFC 3339 timestamp.")
    var timestamps = false

    @Flag(
        help: "Prefix each line with its journal details: CONTAINER_NAME, _SYSTEMD_INVOCATION_ID (the run), PRIORITY.")
    var details = false

    @Argument(help: "The container.", completion: ContainerName.completion)
    var name: String

    func validate() throws {
        if let problem = ContainerName.problem(with: name) { throw ValidationError(problem) }
        if let tail, tail < 0 { throw ValidationError("--tail must be 0 or more, not \(tail)") }
        if follow && until != nil { throw ValidationError("--follow and --until cannot be used together") }
        _ = try window(now: WallClock.system().now)
    }

    /// The window the options describe, times resolved against `now`.
    func window(now: Timestamp) throws(ValidationError) -> LogWindow {
        func parse(_ text: String?, _ option: String) throws(ValidationError) -> Timestamp? {
            guard let text else { return nil }
            do {
                return try TimeSpec.parse(text, now: now)
            } catch {
                throw ValidationError("\(option): \(error.description)")
            }
        }
        let window = LogWindow(since: try parse(since, "--since"), until: try parse(until, "--until"), tail: tail)
        if let since = window.since, let until = window.until, until < since {
            throw ValidationError("--until (\(until.exactText)) is before --since (\(since.exactText))")
        }
        return window
    }

    func run() throws {
        let context = SystemContext.live()
        let action = "logs \(name)"
        let container = try context.resolve(name, action: action, needsBus: follow)
        let window = try self.window(now: context.clock.now)
        let out = OutputStream.standardOutput()
        let clock = context.clock
        let timestamps = self.timestamps
        let details = self.details
        do {
            let reader = try LogReader(unit: container.unit, selection: .containerOutput)
            let print = { (journal: Journal) throws(JournalError) in
                try LogLine.container(journal, timestamps: timestamps, details: details, clock: clock, to: out)
            }
            try reader.printWindow(window, print)
            out.flush()
            if follow {
                try LogFollower(reader: reader, context: context, unit: container.unit).run(print, out: out)
            }
        } catch let error as JournalError {
            throw CommandFailure(error, while: action)
        }
    }
}

extension Timestamp {
    /// RFC 3339 in UTC, with microseconds only when there are any.
    fileprivate var exactText: String {
        rfc3339(fractionDigits: microseconds % 1_000_000 == 0 ? 0 : 6)
    }
}
