import ArgumentParser
import Engine
import Syscalls
import Systemd

/// `swctl userns …`: the host ID ranges of `UserNS=auto` containers.
struct UserNamespaceGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "userns",
        abstract: "Manage the host ID ranges of UserNS=auto containers.",
        discussion: """
            Each container with UserNS=auto gets a range of unprivileged host IDs of its own \
            (from 1879048192 up), recorded in /var/lib/swctl/userns/ranges and kept across \
            restarts. 'swctl rm' frees a container's range; 'swctl userns prune' frees the \
            ranges of containers whose definitions are gone. Freeing a range also removes the \
            chown'ed layer copies made for it.

            Examples:
              swctl userns ls
              swctl userns ls --format json
              swctl userns prune
            """,
        subcommands: [UserNamespaceList.self, UserNamespacePrune.self])
}

/// The allocator of this process's state root.
func currentAllocator() -> UserNamespaceAllocator {
    UserNamespaceAllocator(paths: StatePaths.fromEnvironment(ProcessEnvironment.current()))
}

/// The names of containers whose units are running (or starting, stopping).
func runningContainerNames(_ context: SystemContext, action: String) throws(CommandFailure) -> Set<String> {
    try context.onBus(action) { manager throws(BusError) in
        let states = ["active", "reloading", "activating", "deactivating"]
        return Set(
            try manager.listUnits(states: states, patterns: [ContainerName.unitPattern]).compactMap {
                ContainerName.name(ofUnit: $0.name)
            })
    }
}
