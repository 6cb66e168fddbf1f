import ImageSpec
import UnitFile

/// The outcome of reading one `NAME.image` file.
public typealias ImageParseResult = SidecarParseResult<ImageDefinition>

extension ImageDefinition {
    /// The `[Image]` keys swctl reads.
    public static let keys = ["Image", "AuthFile", "TLSVerify", "Arch", "OS", "Variant"]

    /// Quadlet `[Image]` keys the puller has no use for, with what to do
    /// instead.
    static let refused: [String: String] = [
        "AllTags": "swctl pulls one tag at a time (write one .image file per tag)",
        "CertDir": "a registry's CA is read from /etc/swctl/certs.d/HOST:PORT/ca.crt",
        "Creds": "credentials on the command line would show in the unit (use AuthFile=)",
        "DecryptionKey": "swctl does not pull encrypted images",
        "ImageTag": "swctl keeps the name the image is pulled as (tag it with swctl image tag)",
        "Policy": "the unit always pulls, and a pull that finds the image up to date downloads nothing",
        "Retry": "the unit's [Service] Restart=on-failure retries the pull",
        "RetryDelay": "the unit's [Service] RestartSec= sets the delay",
        "PodmanArgs": "there is no podman command line (use the [Image] keys)",
        "GlobalArgs": "there is no podman command line (use the [Image] keys)",
        "ContainersConfModule": "swctl reads no containers.conf",
    ]

    /// Reads the text of an image file.
    public static func parse(text: String, path: String) -> ImageParseResult {
        let name = Self.name(fromPath: path)
        var reader = SidecarFileReader(
            text: text, path: path, section: "Image", name: name, article: "an", noun: "image file name")
        var definition = ImageDefinition(name: name ?? "", sourcePath: path)
        definition.unitSection = reader.unitFile.entries(in: "Unit")
        reader.apply("Image") { entry throws(KeyValueError) in try definition.apply(entry) }
        if definition.image.isEmpty && reader.unitFile.lastEntry("Image", in: "Image") == nil {
            reader.report(
                "Image: missing in [Image] (add e.g. Image=docker.io/library/busybox:latest)",
                line: reader.unitFile.section("Image")?.line ?? 1)
        }
        let sorted = reader.sortedDiagnostics
        return ImageParseResult(path: path, definition: sorted.containsErrors ? nil : definition, diagnostics: sorted)
    }

    mutating func apply(_ entry: UnitFile.Entry) throws(KeyValueError) {
        let value = entry.value
        switch entry.key {
        case "Image":
            guard (try? ImageReference(parsing: value)) != nil else {
                throw KeyValueError("'\(value)' is not an image reference (e.g. docker.io/library/busybox:latest)")
            }
            image = value
        case "AuthFile":
            guard value.hasPrefix("/") else {
                throw KeyValueError("'\(value)' is not an absolute path (e.g. /etc/swctl/auth.json)")
            }
            authFile = value
        case "TLSVerify":
            guard try ValueParsers.boolean(value) else {
                throw KeyValueError(
                    "no: swctl never turns TLS checks off for one pull (list the registry as insecure in /etc/swctl/registries.conf)"
                )
            }
        case "Arch": arch = try Self.platformWord(value)
        case "OS": os = try Self.platformWord(value)
        case "Variant": variant = try Self.platformWord(value)
        default:
            if let why = Self.refused[entry.key] {
                throw KeyValueError("not supported by swctl: \(why)")
            }
            if entry.key.hasPrefix("X-") { return }
            let hint =
                Suggestion.closest(to: entry.key, among: Self.keys).map { "did you mean \($0)?" }
                ?? "swctl.image(5) lists the keys"
            throw KeyValueError("unknown key in [Image] (\(hint))")
        }
    }

    static func platformWord(_ value: String) throws(KeyValueError) -> String? {
        if value.isEmpty { return nil }
        guard value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw KeyValueError("'\(value)' is not a platform word (e.g. amd64, arm64, linux, v8)")
        }
        return value
    }
}
