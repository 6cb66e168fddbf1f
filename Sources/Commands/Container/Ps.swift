import ArgumentParser
import Engine
import Syscalls
import Systemd

struct Ps: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ps",
        abstract: "List containers.",
        discussion: """
            Without --all, lists the containers whose units are running, starting or \
            stopping. With --all, also stopped and failed ones and definitions whose \
            unit systemd has not loaded (STATUS "Defined").

            STATUS reads like docker's: "Up 3 minutes", "Exited (1) 2 minutes ago" (the \
            exit status, or 128 + the signal that ended the container), "Up 3 \
            minutes (Paused)" (frozen by 'swctl pause'), "Failed \
            (timeout) 5 seconds ago" (the unit failed before the container ran), \
            "Restarting (1) 1 second ago", "Created" (loaded, never started).

            Examples:
              swctl ps
              swctl ps -a
              swctl ps -a --format json | jq -r '.[] | select(.state == "exited") | .name'
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table
        case json
    }

    @Flag(name: .shortAndLong, help: "Also list stopped containers and definitions not loaded.")
    var all = false

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    func run() throws {
        let context = SystemContext.live()
        let containers = try Self.collect(context, all: all)
        let out = OutputStream.standardOutput()
        switch format {
        case .table: out.write(PsRendering.table(containers, now: context.clock.now))
        case .json: out.write(PsRendering.json(containers, now: context.clock.now))
        }
        out.flush()
    }

    /// The loaded container units (running ones, or all with `all`) and,
    /// with `all`, the definitions systemd has not loaded; sorted by name.
    static func collect(_ context: SystemContext, all: Bool) throws(CommandFailure) -> [ContainerSummary] {
        let definitions: [DefinitionSummary]
        do {
            definitions = try context.catalog.all()
        } catch {
            throw CommandFailure(.failure, "ps: read definitions: \(error)")
        }
        let byName = Dictionary(definitions.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let states = all ? [] : ["active", "reloading", "activating", "deactivating"]
        var containers: [ContainerSummary] = try context.onBus("ps") { manager throws(BusError) in
            var rows: [ContainerSummary] = []
            for entry in try manager.listUnits(states: states, patterns: [ContainerName.unitPattern]) {
                guard let name = ContainerName.name(ofUnit: entry.name),
                    entry.loadState != "not-found" || byName[name] != nil
                else { continue }
                do throws(BusError) {
                    let unit = try manager.properties(ofUnitAt: entry.path)
                    rows.append(ContainerSummary(name: name, unit: unit, definition: byName[name]))
                } catch  where error.isUnknownObject || error.isNoSuchUnit {
                    continue  // unloaded between the listing and this call
                }
            }
            return rows
        }
        if all {
            let loaded = Set(containers.map(\.name))
            let unloaded = definitions.filter { !loaded.contains($0.name) }
            // The journal is a nicety here: without it they are just "Defined".
            let journal = unloaded.isEmpty ? nil : try? Journal()
            for definition in unloaded {
                let state = journal.flatMap {
                    try? UnitEndMessage.lastState(of: ContainerName.unit(definition.name), in: $0)
                }
                containers.append(ContainerSummary(definition: definition, state: state ?? .defined))
            }
        }
        let published = PublishedPorts.all(paths: .fromEnvironment(ProcessEnvironment.current()))
        for index in containers.indices {
            containers[index].ports = published[containers[index].name]?.map(\.psEntry) ?? []
            containers[index].health = containers[index].mainPID.flatMap {
                HealthSummary.psStatus(name: containers[index].name, mainPID: $0, context: context)
            }
        }
        return containers.sorted { $0.name < $1.name }
    }
}
