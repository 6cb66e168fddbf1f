import ArgumentParser
import ImageSpec
import ImageStore

/// `swctl image load -i FILE`.
struct ImageLoad: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load images from a docker save or OCI archive.",
        discussion: """
            Reads a tar (or gzip tar) written by `docker save`, `skopeo copy … docker-archive:` \
            or `skopeo copy … oci-archive:`, stores every blob after checking its digest, \
            unpacks the layers and records the archive's names.

            Examples:
              swctl image load -i web.tar
              swctl image load -i web-oci.tar --name localhost/web
            """)

    @Option(name: [.customShort("i"), .customLong("input")], help: "The archive to read.")
    var input: String

    @Option(help: "Repository for entries named only by a tag (OCI archives).")
    var name: String?

    func run() throws {
        let reference = try name.map(parseImageReference)
        let loaded: [LoadedImage]
        do {
            loaded = try currentImageStore().load(archive: input, name: reference)
        } catch {
            throw imageFailure(error)
        }
        let out = OutputStream.standardOutput()
        for image in loaded {
            if image.names.isEmpty {
                out.line("Loaded image: \(image.digest)")
            } else {
                for name in image.names { out.line("Loaded image: \(name)") }
            }
        }
        out.flush()
    }
}
