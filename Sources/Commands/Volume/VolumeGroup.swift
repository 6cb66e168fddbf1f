import ArgumentParser
import Engine
import Syscalls

/// `swctl volume …`: named volumes.
struct VolumeGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "volume",
        abstract: "Manage named volumes (Volume=NAME:/path, NAME.volume files).",
        discussion: """
            A named volume is a directory under /var/lib/swctl/volumes/NAME/_data that \
            containers mount with Volume=NAME:/path. The first container to use it makes it; \
            while it is empty, that container's image content at the mount point is copied \
            into it. A NAME.volume file beside the definitions declares one with options \
            (VolumeName=, Device=, Type=, Options=, Copy=, User=, Group=, Label=) and runs as \
            swctl-volume@NAME.service, which containers using Volume=NAME.volume:/path \
            require.

            Examples:
              swctl volume create data
              swctl volume ls
              swctl volume inspect data
              swctl volume rm data
              swctl volume prune
            """,
        subcommands: [
            VolumeCreate.self, VolumeList.self, VolumeInspect.self, VolumeRemove.self, VolumePrune.self,
            VolumeUp.self, VolumeDown.self,
        ])
}

func currentVolumes() -> VolumeStore { VolumeStore(paths: StatePaths.fromEnvironment(ProcessEnvironment.current())) }

func currentDefinitions() -> DefinitionStore { DefinitionStore.fromEnvironment(ProcessEnvironment.current()) }
