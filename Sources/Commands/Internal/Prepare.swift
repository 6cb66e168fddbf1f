import ArgumentParser
import Definitions
import Engine
import Syscalls

/// `swctl prepare NAME`: the unit's ExecStartPre. Builds the OCI bundle the
/// runtime starts; on failure nothing is left behind.
struct Prepare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Build a container's OCI bundle from its definition (run by ctr@.service).",
        discussion: """
            Run by systemd as ExecStartPre of ctr@NAME.service: reads NAME.container, mounts the \
            container's root filesystem and writes /run/swctl/bundles/NAME/config.json.

            Example:
              swctl prepare web
            """,
        shouldDisplay: false)

    @Argument(help: "The container's name.")
    var name: String

    func run() throws {
        let environment = ProcessEnvironment.current()
        let parsed: DefinitionParseResult
        do {
            parsed = try DefinitionStore.fromEnvironment(environment).load(name: name)
        } catch {
            LifecycleLog.error("prepare \(name): \(error)", container: name)
            throw CommandFailure(.unknownContainer, "")
        }
        guard let definition = parsed.definition else {
            for diagnostic in parsed.diagnostics { LifecycleLog.error(diagnostic.description, container: name) }
            throw CommandFailure(.invalidDefinition, "")
        }
        let prepared: Preparer.PreparedBundle
        do {
            prepared = try Preparer(paths: .fromEnvironment(environment), hostEnvironment: environment)
                .withHostNetwork().prepareBundle(definition)
        } catch {
            LifecycleLog.error("prepare \(error)", container: name)
            throw CommandFailure(.failure, "")
        }
        HealthImageTimer.startIfTheImageHasACheck(definition, imageHealthcheck: prepared.imageHealthcheck)
    }
}
