import ArgumentParser
import Engine
import ImageSpec
import ImageStore
import Syscalls

/// `swctl image …`: the local image store.
struct ImageGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Manage the local image store (images for Image=).",
        discussion: """
            Images live under $SWCTL_ROOT/images (default /var/lib/swctl/images): \
            content-addressed blobs, unpacked layers and a name index. A definition's \
            Image= may name one (Image=localhost/web:1) instead of a root directory.

            Examples:
              swctl image load -i web.tar
              swctl image ls
              swctl image tag web:1 localhost/web:stable
            """,
        subcommands: [
            ImagePull.self, ImageLoad.self, ImageImport.self, ImageList.self, ImageInspect.self, ImageTag.self, ImageRemove.self,
            ImagePrune.self,
        ])
}

/// The store this process uses (honours `SWCTL_ROOT`).
func currentImageStore() -> ImageStore {
    ImageStore(stateRoot: StatePaths.fromEnvironment(ProcessEnvironment.current()).persistentRoot)
}

/// Parses a reference given on the command line, as a usage error when malformed.
func parseImageReference(_ text: String) throws -> ImageReference {
    do {
        return try ImageReference(parsing: text)
    } catch {
        throw CommandFailure(.usage, error.description)
    }
}

/// Maps a store error to a failure, permission problems to their own code.
func imageFailure(_ error: ImageStoreError) -> CommandFailure {
    let text = error.description
    if text.contains("EACCES") || text.contains("EPERM") { return CommandFailure(.permissionDenied, text) }
    return CommandFailure(.failure, text)
}
