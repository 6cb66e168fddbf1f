import ArgumentParser
import Glibc
import Systemd

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show containers' CPU, memory, network, block I/O and process counts.",
        discussion: """
            Reads each container's cgroup (the unit's ControlGroup: the container \
            and anything exec'd into it) and the interfaces its main process \
            sees, as 'docker stats' shows them: CPU % over the last interval \
            (100% is one core busy), memory use against the cgroup's memory.max \
            (the host's memory when unlimited), bytes received / sent on every \
            interface but lo, bytes read / written on block devices, and the \
            number of tasks. A figure the host does not provide (a cgroup \
            controller that is not enabled) shows as "--" (null in JSON).

            Without names: every running container. The table refreshes every \
            --interval seconds until Ctrl-C; with --no-stream it is printed once, \
            after one interval. A named container that is not running is an \
            error (exit status 6).

            Limits are set on the unit, the systemd way: MemoryMax=, CPUQuota=, \
            TasksMax= in the definition's [Service] section.

            Examples:
              swctl stats
              swctl stats --no-stream web db
              swctl stats --no-stream --format json | jq '.[] | {name, memoryBytes}'
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table
        case json
    }

    @Flag(help: "Print one table and exit.")
    var noStream = false

    @Option(help: "Seconds between samples (CPU % is measured over this interval).")
    var interval: Double = 1

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    @Argument(help: "Containers (default: every running one).", completion: ContainerName.completion)
    var names: [String] = []

    func validate() throws {
        for name in names {
            if let problem = ContainerName.problem(with: name) { throw ValidationError(problem) }
        }
        guard interval >= 0.1, interval <= 3600 else {
            throw ValidationError("--interval: \(interval) is not between 0.1 and 3600 seconds")
        }
    }

    /// A container to sample: where its counters are.
    struct Target {
        var name: String
        var controlGroup: String
        var mainPID: UInt32
    }

    func run() throws {
        let context = SystemContext.live()
        let reader = ResourceReader()
        let hostMemory = reader.hostMemory()
        let out = OutputStream.standardOutput()
        let redraw = !noStream && format == .table && isatty(STDOUT_FILENO) == 1
        if !noStream { Interrupt.install() }

        var previous = try sample(try targets(context), reader)
        repeat {
            sleep(seconds: interval)
            if Interrupt.requested { break }
            let current = try sample(try targets(context), reader)
            let rows = current.compactMap { name, sample in
                previous[name].map { StatsRendering.Row(name: name, previous: $0, current: sample) }
            }.sorted { $0.name < $1.name }
            previous = current
            if redraw { out.write("\u{1B}[H\u{1B}[2J") }
            switch format {
            case .table: out.write(StatsRendering.table(rows, hostMemory: hostMemory))
            case .json: out.write(StatsRendering.json(rows, hostMemory: hostMemory))
            }
            out.flush()
        } while !noStream && !Interrupt.requested
    }

    /// The named containers (each must be running), or every running one.
    private func targets(_ context: SystemContext) throws(CommandFailure) -> [Target] {
        if names.isEmpty {
            return try context.onBus("stats") { manager throws(BusError) in
                var targets: [Target] = []
                let states = ["active", "reloading", "deactivating"]
                for entry in try manager.listUnits(states: states, patterns: [ContainerName.unitPattern]) {
                    guard let name = ContainerName.name(ofUnit: entry.name) else { continue }
                    do throws(BusError) {
                        let unit = try manager.properties(ofUnitAt: entry.path)
                        guard !unit.controlGroup.isEmpty else { continue }
                        targets.append(Target(name: name, controlGroup: unit.controlGroup, mainPID: unit.mainPID))
                    } catch  where error.isUnknownObject || error.isNoSuchUnit {
                        continue  // gone between the listing and this call
                    }
                }
                return targets
            }
        }
        var targets: [Target] = []
        for name in names {
            let unit = try context.runningUnit(name, action: "stats \(name)")
            targets.append(Target(name: name, controlGroup: unit.controlGroup, mainPID: unit.mainPID))
        }
        return targets
    }

    private func sample(_ targets: [Target], _ reader: ResourceReader) throws(CommandFailure) -> [String:
        ResourceSample]
    {
        var samples: [String: ResourceSample] = [:]
        for target in targets {
            samples[target.name] = reader.sample(controlGroup: target.controlGroup, mainPID: target.mainPID)
        }
        return samples
    }

    private func sleep(seconds: Double) {
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        var remaining = timespec()
        // EINTR (Ctrl-C) ends the wait early; the loop then sees the flag.
        _ = nanosleep(&request, &remaining)
    }
}
