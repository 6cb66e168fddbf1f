import Engine
import ImageSpec
import ImageStore
import Syscalls

/// Refuses to remove a name that a container definition's `Image=` uses:
/// the container could no longer start (as `docker rmi` refuses an image a
/// container uses unless forced).
func refuseImagesInUse(_ references: [ImageReference]) throws(CommandFailure) {
    let users = DefinitionStore.fromEnvironment(ProcessEnvironment.current()).imageUsers()
    for reference in references {
        let tag = reference.tag ?? ImageReference.defaultTag
        let using = users.filter {
            $0.reference.digest == nil && $0.reference.repository == reference.repository
                && ($0.reference.tag ?? ImageReference.defaultTag) == tag
        }
        guard !using.isEmpty else { continue }
        let names = using.map { "\($0.name) (\($0.path))" }.joined(separator: ", ")
        throw CommandFailure(
            .failure,
            "image rm \(reference.familiarDescription): used by container \(names): change that definition first, or use -f"
        )
    }
}

/// What the store knows of `Image=` when it names a stored image; nil for a
/// root directory or an image not (or no longer) in the store.
func storedImage(_ image: String?, paths: StatePaths) -> ImageSummary? {
    guard let image, !image.hasPrefix("/"), let reference = try? ImageReference(parsing: image) else { return nil }
    return try? ImageStore(stateRoot: paths.persistentRoot).describe(reference)
}
