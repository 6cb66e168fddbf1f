import ArgumentParser
import ImageSpec
import ImageStore

/// `swctl image rm NAME…`.
struct ImageRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove image names.",
        discussion: """
            Removes the names; blobs and unpacked layers stay until a later prune. A name \
            a container definition's Image= uses is refused unless -f is given.

            Example:
              swctl image rm localhost/web:1
            """,
        aliases: ["remove"])

    @Argument(help: "Image names, REPOSITORY[:TAG].")
    var names: [String]

    @Flag(name: .shortAndLong, help: "Remove a name even if a container definition uses it.")
    var force = false

    func run() throws {
        let references = try names.map(parseImageReference)
        if !force { try refuseImagesInUse(references) }
        let store = currentImageStore()
        var missing: [String] = []
        do {
            try NameIndex.update(store.indexPath) { (index: inout NameIndex) throws(ImageStoreError) in
                for reference in references
                where index.remove(repository: reference.repository, tag: reference.tag ?? ImageReference.defaultTag)
                    == nil
                {
                    missing.append(reference.familiarDescription)
                }
            }
        } catch {
            throw imageFailure(error)
        }
        guard missing.isEmpty else {
            throw CommandFailure(.failure, "image rm: no such image: \(missing.joined(separator: ", "))")
        }
    }
}
