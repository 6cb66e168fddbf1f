import ArgumentParser
import ImageSpec
import ImageStore

/// `swctl image import TARBALL NAME[:TAG]`.
struct ImageImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Make a one-layer image from a root filesystem tarball.",
        discussion: """
            The tarball (plain or gzip) becomes the image's only layer; the image has no \
            command, so a definition using it sets Exec= or Entrypoint=.

            Example:
              swctl image import rootfs.tar.gz localhost/base:1
            """)

    @Argument(help: "A tar or tar.gz of a root filesystem.")
    var tarball: String

    @Argument(help: "The image's name, REPOSITORY[:TAG].")
    var name: String

    func run() throws {
        let reference = try parseImageReference(name)
        guard reference.digest == nil else {
            throw CommandFailure(.usage, "import \(name): a name cannot carry a digest")
        }
        let image: LoadedImage
        do {
            image = try currentImageStore().importRootfs(tarball: tarball, as: reference)
        } catch {
            throw imageFailure(error)
        }
        let out = OutputStream.standardOutput()
        out.line(image.digest)
        out.flush()
    }
}
