import ArgumentParser
import ImageSpec
import ImageStore

/// `swctl image tag SOURCE TARGET`.
struct ImageTag: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Give an image another name.",
        discussion: """
            Example:
              swctl image tag web:1 localhost/web:stable
            """)

    @Argument(help: "An image in the store (name or name@digest).")
    var source: String

    @Argument(help: "The new name, REPOSITORY[:TAG].")
    var target: String

    func run() throws {
        let from = try parseImageReference(source)
        let to = try parseImageReference(target)
        guard to.digest == nil else { throw CommandFailure(.usage, "tag \(target): a new name cannot carry a digest") }
        let store = currentImageStore()
        do {
            let digest = try store.digest(for: from)
            try NameIndex.update(store.indexPath) { (index: inout NameIndex) throws(ImageStoreError) in
                index.set(repository: to.repository, tag: to.tag ?? ImageReference.defaultTag, digest: digest)
            }
        } catch {
            throw imageFailure(error)
        }
    }
}
