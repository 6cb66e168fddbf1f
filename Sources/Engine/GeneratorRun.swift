import Definitions
import Generator
import Syscalls
import UnitFile

/// What one generator run did (or, dry, would do).
public struct GeneratorReport: Sendable, Equatable {
    public var outputDirectory: String
    /// The files and links written (or to be written), relative to
    /// `outputDirectory`, definition by definition in name order.
    public var files: [GeneratedFile]
    /// The containers that got a unit.
    public var containers: [String]
    /// Definition files skipped because of errors.
    public var skipped: [String]
    /// Every problem found, errors and warnings, file by file.
    public var diagnostics: [Diagnostic]
    public var dryRun: Bool

    /// The `--dry-run` text: every file with its contents, every link with
    /// its target.
    public var listing: String { files.listing(in: outputDirectory) }
}

/// The output directory could not be written: the only failure of a
/// generator run (a bad definition is a diagnostic, never a failure).
public struct GeneratorRunError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) {
        self.message = message
    }
    public var description: String { message }
}

/// Turns every definition on `searchPath` into its drop-in and links under
/// `outputDir` (systemd's "normal" generator directory). A definition with
/// errors is reported in the diagnostics and skipped; the others are still
/// generated. With `dryRun` nothing is written.
///
/// Files are written atomically (temporary file, then rename), and nothing
/// is written outside `outputDir`.
public func runGenerator(
    searchPath: [String], outputDir: String, templatePath: String = Generator.defaultTemplatePath,
    dryRun: Bool = false
) throws(GeneratorRunError) -> GeneratorReport {
    try DefinitionStore(searchPath: searchPath).generate(
        outputDir: outputDir, templatePath: templatePath, dryRun: dryRun)
}

/// Checks definition files (`.container`, `.network`, `.volume`, `.image`)
/// and directories of them, and returns every
/// problem, errors and warnings; a `Network=NAME` with no `NAME.network` on
/// the search path is an error. With no `paths`, checks every definition
/// and network file on `searchPath` (and reports search directories that
/// cannot be read).
public func validate(paths: [String], searchPath: [String] = DefinitionStore.defaultSearchPath) -> [Diagnostic] {
    DefinitionStore(searchPath: searchPath).validate(paths: paths)
}

extension DefinitionStore {
    /// `runGenerator(searchPath:outputDir:templatePath:dryRun:)` on this
    /// store (a method too, for callers in which a member named `generate`
    /// or `validate` hides the free functions, as in a ParsableCommand).
    public func generate(
        outputDir: String, templatePath: String = Generator.defaultTemplatePath, dryRun: Bool = false
    ) throws(GeneratorRunError) -> GeneratorReport {
        // Most definitions have no drop-in directory: find that out with one
        // listing per search directory rather than opens per definition.
        var store = self
        store.dropInIndex = DropInIndex(searchPath: searchPath)
        return try store.generateIndexed(outputDir: outputDir, templatePath: templatePath, dryRun: dryRun)
    }

    private func generateIndexed(
        outputDir: String, templatePath: String, dryRun: Bool
    ) throws(GeneratorRunError) -> GeneratorReport {
        let listing = list()
        var report = GeneratorReport(
            outputDirectory: outputDir, files: [], containers: [], skipped: [], diagnostics: listing.diagnostics,
            dryRun: dryRun)
        var definitions: [ContainerDefinition] = []
        for location in listing.definitions {
            let result = load(location)
            report.diagnostics += result.diagnostics
            if let definition = result.definition {
                definitions.append(definition)
                report.containers.append(definition.name)
            } else {
                report.skipped.append(location.path)
            }
        }
        // Network files and the networks definitions name: reported, but a
        // missing network file does not skip the container (it may be
        // created before the container starts).
        report.diagnostics += networkDiagnostics(for: definitions) + dependencyDiagnostics(for: definitions)
        let (volumes, images) = volumeAndImageFiles()
        report.diagnostics += volumes.flatMap(\.diagnostics) + images.flatMap(\.diagnostics)
        var seen: Set<Diagnostic> = []  // a shared drop-in's problem once, not once per definition
        report.diagnostics = report.diagnostics.filter { seen.insert($0).inserted }
        report.files = Generator(templatePath: templatePath).generate(
            definitions, volumes: volumes.compactMap(\.definition), images: images.compactMap(\.definition))
        if !dryRun { try write(report.files, into: outputDir) }
        return report
    }

    /// `validate(paths:searchPath:)` on this store. A directory among
    /// `paths` is checked as a search path of its own (references resolved
    /// within it).
    public func validate(paths: [String]) -> [Diagnostic] {
        if !paths.isEmpty {
            // A file on the search path is checked with its drop-ins.
            return paths.flatMap { path in
                if (try? FileSystem.status(path))?.kind == .directory {
                    return DefinitionStore(searchPath: [path]).validate(paths: [])
                }
                if NetworkDefinition.name(fromPath: path) != nil { return Self.networkFileDiagnostics(path: path) }
                if VolumeDefinition.name(fromPath: path) != nil { return Self.loadVolume(path: path).diagnostics }
                if ImageDefinition.name(fromPath: path) != nil { return Self.loadImage(path: path).diagnostics }
                let directory = FileSystem.parentDirectory(of: path)
                let onSearchPath = searchPath.contains(where: { $0 == directory || $0 == directory + "/" })
                // References to volume and image files resolve beside the file.
                let store = onSearchPath ? self : DefinitionStore(searchPath: [directory] + searchPath)
                var results: [DefinitionParseResult]
                if let name = ContainerDefinition.name(fromPath: path), ContainerDefinition.isTemplateName(name) {
                    results = store.templateChecks(name: name, path: path)
                } else if let name = ContainerDefinition.name(fromPath: path),
                    onSearchPath || ContainerDefinition.templateName(ofInstance: name) != nil
                {
                    // An instance off the search path reads the template beside it.
                    results = [store.load(DefinitionLocation(name: name, path: path))]
                } else {
                    results = [store.resolvingReferences(DefinitionStore.load(path: path))]
                }
                let definitions = results.compactMap(\.definition)
                let references = networkDiagnostics(for: definitions) + store.dependencyDiagnostics(for: definitions)
                var seen: Set<Diagnostic> = []
                return (results.flatMap(\.diagnostics) + references.filter { $0.file == path })
                    .filter { seen.insert($0).inserted }
            }
        }
        let listing = list()
        // A shared drop-in (container.d/) is read with every definition:
        // report each of its problems once.
        var seen: Set<Diagnostic> = []
        let results =
            listing.definitions.map { load($0) }
            + listing.templates.filter { template in
                !listing.definitions.contains { ContainerDefinition.templateName(ofInstance: $0.name) == template.name }
            }.flatMap { templateChecks(name: $0.name, path: $0.path) }
        let definitions = results.compactMap(\.definition)
        let (volumes, images) = volumeAndImageFiles()
        let diagnostics =
            listing.diagnostics + results.flatMap(\.diagnostics)
            + networkDiagnostics(for: definitions) + dependencyDiagnostics(for: definitions)
            + volumes.flatMap(\.diagnostics) + images.flatMap(\.diagnostics)
        return diagnostics.filter { seen.insert($0).inserted }
    }

    /// A template is checked as each of its instances, or, with none, as
    /// an instance named `instance`.
    func templateChecks(name: String, path: String) -> [DefinitionParseResult] {
        let instances = list().definitions.filter { ContainerDefinition.templateName(ofInstance: $0.name) == name }
        let locations = instances.isEmpty ? [DefinitionLocation(name: name + "instance", path: path)] : instances
        return locations.map { load($0) }
    }
}

/// The template the generator links to, from where the generator runs:
/// `PREFIX/lib/systemd/system-generators/swctl-generator` (how systemd
/// starts it) or `PREFIX/libexec/swctl/swctl-generator` give
/// `PREFIX/lib/systemd/system/ctr@.service`; anything else gives the
/// default under /usr.
public func generatorTemplatePath(executablePath: String) -> String {
    let directory = FileSystem.parentDirectory(of: executablePath)
    for suffix in ["/lib/systemd/system-generators", "/libexec/swctl"] where directory.hasSuffix(suffix) {
        return String(directory.dropLast(suffix.count)) + "/lib/systemd/system/ctr@.service"
    }
    return Generator.defaultTemplatePath
}

/// Writes the files, making the directories they need; links replace
/// whatever is at their path.
private func write(_ files: [GeneratedFile], into outputDir: String) throws(GeneratorRunError) {
    var made: Set<String> = []
    func makeDirectory(_ path: String) throws(FileSystemError) {
        if made.insert(path).inserted { try FileSystem.makeDirectories(path) }
    }
    do {
        try makeDirectory(outputDir)
        for file in files {
            let path = outputDir + "/" + file.path
            try makeDirectory(FileSystem.parentDirectory(of: path))
            switch file.content {
            case .file(let text): try FileSystem.writeFileAtomically(path, text: text)
            case .symlink(let target): try FileSystem.replaceSymlink(at: path, target: target)
            }
        }
    } catch {
        throw GeneratorRunError("write the units into \(outputDir): \(error)")
    }
}
