import Definitions

/// Definitions in, files out: the pure half of `swctl-generator`. The
/// caller reads the definitions and writes the files (Engine.GeneratorRun).
public struct Generator: Sendable {
    /// Where the `ctr@.service` template is installed by default.
    public static let defaultTemplatePath = "/usr/lib/systemd/system/ctr@.service"

    /// The template the `[Install]` links point at.
    public var templatePath: String

    public init(templatePath: String = Generator.defaultTemplatePath) {
        self.templatePath = templatePath
    }

    /// The drop-in and the links of one container.
    public func files(for definition: ContainerDefinition) -> [GeneratedFile] {
        let dropIn = GeneratedFile(
            path: ContainerDropIn.path(for: definition), content: .file(ContainerDropIn.text(for: definition)))
        return [dropIn] + HealthUnits.files(for: definition)
            + InstallLinks.links(for: definition, templatePath: templatePath)
    }

    /// The files of every definition, in the order given, then of every
    /// volume and image file.
    public func generate(
        _ definitions: [ContainerDefinition], volumes: [VolumeDefinition] = [], images: [ImageDefinition] = []
    ) -> [GeneratedFile] {
        definitions.flatMap { files(for: $0) } + volumes.flatMap { VolumeImageUnits.files(for: $0) }
            + images.flatMap { VolumeImageUnits.files(for: $0) }
    }
}
