import ArgumentParser
import ImageSpec
import ImageStore
import JSON

/// `swctl image inspect NAME`.
struct ImageInspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show an image's manifest digest, configuration and layers as JSON.",
        discussion: """
            Example:
              swctl image inspect localhost/web:1
            """)

    @Argument(help: "An image in the store (name or name@digest).")
    var name: String

    struct Report: Encodable {
        var name: String
        var digest: String
        var manifestDigest: String
        var config: ImageConfig
        var layers: [String]
    }

    func run() throws {
        let reference = try parseImageReference(name)
        let image: ResolvedImage
        do {
            image = try currentImageStore().resolve(reference)
        } catch {
            throw imageFailure(error)
        }
        let report = Report(
            name: image.reference, digest: image.digest, manifestDigest: image.manifestDigest, config: image.config,
            layers: image.layers)
        let out = OutputStream.standardOutput()
        do {
            out.line(try JSONEncoder().encodeToString(report))
        } catch {
            throw CommandFailure(.failure, "inspect \(name): \(error)")
        }
        out.flush()
    }
}
