import ArgumentParser
import ImageSpec
import ImageStore
import JSON

/// `swctl image inspect NAME`.
struct ImageInspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show an image's digests, configuration, layers, ports, stop signal and labels as JSON.",
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
        var configDigest: String
        var config: ImageConfig
        /// Unpacked layer directories, bottom first.
        var layers: [String]
        /// Blob digest, media type, size and diffID of each layer.
        var layerBlobs: [ImageSummary.Layer]
        var exposedPorts: [String]?
        var stopSignal: String?
        var labels: [String: String]?
    }

    func run() throws {
        let reference = try parseImageReference(name)
        let image: ResolvedImage
        let summary: ImageSummary
        do {
            image = try currentImageStore().resolve(reference)
            summary = try currentImageStore().describe(reference)
        } catch {
            throw imageFailure(error)
        }
        let report = Report(
            name: image.reference, digest: image.digest, manifestDigest: image.manifestDigest,
            configDigest: summary.configDigest, config: image.config, layers: image.layers, layerBlobs: summary.layers,
            exposedPorts: summary.exposedPorts, stopSignal: summary.stopSignal, labels: summary.labels)
        let out = OutputStream.standardOutput()
        do {
            out.line(try JSONEncoder().encodeToString(report))
        } catch {
            throw CommandFailure(.failure, "inspect \(name): \(error)")
        }
        out.flush()
    }
}
