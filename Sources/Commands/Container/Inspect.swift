import ArgumentParser
import Engine
import JSON
import OCI
import Syscalls
import Systemd

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show everything known about containers, as JSON.",
        discussion: """
            Prints a JSON array with one object per container, as 'docker \
            inspect' does: name, unit, image, the definition file and its keys \
            (section → key → values), the state (status, statusText, running, \
            paused, activeState, subState, mainPid, startedAt, exitCode, result), \
            the unit's cgroup and, while the container runs, what its OCI bundle's \
            config.json says: bundle, hostname, mounts and process (args, env, \
            user, capabilities, rlimits), and its network (mode, ipAddress on \
            the bridge, published ports, exposedPorts). Keys are sorted; absent facts are left \
            out. An unknown name is reported on stderr and the others are still \
            printed (exit status 3).

            Examples:
              swctl inspect web
              swctl inspect web db | jq '.[] | {name, pid: .state.mainPid}'
              swctl inspect web | jq -r '.[0].mounts[] | "\\(.source) -> \\(.destination)"'
              swctl inspect web | jq '.[0].process.capabilities.bounding'
              swctl inspect web | jq -r '.[0].network.ipAddress'
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json
    }

    @Option(help: "Output format: json.")
    var format: Format = .json

    @OptionGroup var containers: ContainerNames

    func run() throws {
        let context = SystemContext.live()
        let paths = StatePaths.fromEnvironment(ProcessEnvironment.current())
        let err = OutputStream.standardError()
        var reports: [InspectReport] = []
        var firstFailure: SwctlExitCode?
        for name in containers.names {
            do {
                reports.append(try report(name, context, paths, err))
            } catch {
                err.line("swctl: \(error.message)")
                err.flush()
                if firstFailure == nil { firstFailure = error.exitCode }
            }
        }
        let out = OutputStream.standardOutput()
        do {
            out.write(try InspectReport.json(reports))
        } catch {
            throw CommandFailure(.failure, "inspect: encode the report: \(error)")
        }
        out.flush()
        if let firstFailure { throw CommandFailure.alreadyReported(firstFailure) }
    }

    private func report(
        _ name: String, _ context: SystemContext, _ paths: StatePaths, _ err: OutputStream
    ) throws(CommandFailure) -> InspectReport {
        let action = "inspect \(name)"
        let container = try context.resolve(name, action: action)
        let unit: UnitProperties? = try container.unitPath.map { path throws(CommandFailure) in
            try context.onBus(action) { manager throws(BusError) in try manager.properties(ofUnitAt: path) }
        }
        let definitionText = container.definition.flatMap { try? FileSystem.readTextFile($0.sourcePath) }
        var spec: Spec?
        if let unit, ContainerState(unit: unit).isRunning {
            let config = paths.bundleConfig(name)
            do {
                spec = try JSONDecoder().decode(Spec.self, from: try FileSystem.readFile(config))
            } catch let error as FileSystemError where error.errno == .noSuchFileOrDirectory {
                spec = nil  // not prepared by swctl (or already cleaned up)
            } catch {
                err.line("swctl: \(action): read \(config): \(error)")
            }
        }
        var report = InspectReport(
            name: name, unit: unit, definition: container.definition, definitionText: definitionText, spec: spec,
            bundle: paths.bundle(name), now: context.clock.now)
        report.imageDetails = storedImage(container.definition?.image, paths: paths)
        report.network = spec.map { NetworkSummary.of(name, spec: $0, paths: paths) }
        report.health = unit.flatMap { HealthSummary.current(name: name, mainPID: $0.mainPID) }
        return report
    }
}
