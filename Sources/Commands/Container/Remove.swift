import ArgumentParser
import Engine
import Syscalls
import Systemd

struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove containers.",
        discussion: """
            Removes what a container leaves behind: its transient definition \
            (under /run/swctl/containers, as 'swctl run' makes them), any \
            bundle, mount or writable layer a crash left, and the unit's failed \
            state, then reloads systemd so a removed definition's unit goes. A \
            definition under /etc/swctl/containers is the admin's: it is kept \
            unless --definition is given; one under /usr/lib belongs to a package \
            and is never removed. A running container is an error unless \
            --force, which stops it first.

            Examples:
              swctl rm scratch
              swctl rm -f scratch
              swctl rm --definition old-web
            """)

    @Flag(name: .shortAndLong, help: "Stop a running container first.")
    var force = false

    @Flag(help: "Also delete the container's definition under /etc/swctl/containers.")
    var definition = false

    @OptionGroup var containers: ContainerNames

    func run() throws {
        let context = SystemContext.live()
        try ContainerNames.each(containers.names) { name throws(CommandFailure) in
            try Self.remove(name, force: force, deleteDefinition: definition, context: context)
        }
    }

    static func remove(_ name: String, force: Bool, deleteDefinition: Bool, context: SystemContext)
        throws(CommandFailure)
    {
        let action = "rm \(name)"
        let container = try context.resolve(name, action: action)
        if let path = container.unitPath {
            let unit = try context.onBus(action) { manager throws(BusError) in try manager.properties(ofUnitAt: path) }
            if ContainerState(unit: unit).isRunning {
                guard force else {
                    throw CommandFailure(.failure, "\(action): container is running: stop it first, or use --force")
                }
                try context.onBus(action) { manager throws(BusError) in
                    let watch = try JobWatch(manager: manager)
                    try UnitJobs.thawIfPaused(manager, container.unit, at: path)
                    _ = try watch.wait(for: [try manager.stopUnit(container.unit)])
                }
            }
        }
        let paths = StatePaths.fromEnvironment(ProcessEnvironment.current())
        var removedDefinition = false
        if let file = try Self.instanceFile(name, container.definition?.sourcePath, action: action),
            file.hasPrefix(paths.volatileRoot + "/containers/") || deleteDefinition
        {
            if file.hasPrefix("/usr/") {
                throw CommandFailure(.failure, "\(action): \(file) belongs to a package: not removed")
            }
            do { try FileSystem.removeFile(file) } catch {
                throw CommandFailure(.failure, "\(action): \(error)")
            }
            removedDefinition = true
        }
        // What a crash may have left (cleanup is idempotent).
        let runtime = ChildProcess.ownDirectory().map { $0 + "/swctl-runtime" }
        do { try Cleaner(paths: paths, runtimePath: runtime).cleanup(name: name) } catch {
            throw CommandFailure(.failure, "\(action): \(error)")
        }
        // A removed container's UserNS=auto range (and its layer copies) is free again.
        do { try UserNamespaceAllocator(paths: paths).release([name]) } catch {
            throw CommandFailure(.failure, "\(action): \(error)")
        }
        try context.onBus(action) { manager throws(BusError) in
            do throws(BusError) {
                try manager.resetFailedUnit(container.unit)
            } catch  where error.isNoSuchUnit || error.isUnknownObject {
                // Not loaded: nothing to forget.
            }
            if removedDefinition { try manager.reload() }
        }
    }
}

struct ContainerGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "container",
        abstract: "Commands on containers as a whole.",
        subcommands: [ContainerPrune.self])
}

struct ContainerPrune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove every stopped container that has a transient definition.",
        discussion: """
            'swctl rm' for each container defined under /run/swctl/containers \
            (made by 'swctl run') that is not running; prints their names. \
            Definitions under /etc are the admin's and are left alone.

            Example:
              swctl container prune
            """)

    func run() throws {
        let context = SystemContext.live()
        let transient = StatePaths.fromEnvironment(ProcessEnvironment.current()).volatileRoot + "/containers/"
        let definitions: [DefinitionSummary]
        do { definitions = try context.catalog.all() } catch {
            throw CommandFailure(.failure, "container prune: read definitions: \(error)")
        }
        let names = definitions.filter { $0.sourcePath.hasPrefix(transient) }.map(\.name)
        var stopped: [String] = []
        for name in names {
            let container = try context.resolve(name, action: "container prune")
            if let path = container.unitPath {
                let unit = try context.onBus("container prune") { manager throws(BusError) in
                    try manager.properties(ofUnitAt: path)
                }
                if ContainerState(unit: unit).isRunning { continue }
            }
            stopped.append(name)
        }
        try ContainerNames.each(stopped) { name throws(CommandFailure) in
            try Remove.remove(name, force: false, deleteDefinition: false, context: context)
        }
    }
}
