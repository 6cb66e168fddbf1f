import Definitions
import Syscalls
import UnitFile

/// `NAME.volume` and `NAME.image` files beside the definitions, and the
/// references to them: `Volume=NAME.volume:/dst` takes the file's
/// `VolumeName=`, `Image=NAME.image` the file's `Image=`, and a file that
/// is missing or has errors is an error of the definition that names it.
extension DefinitionStore {
    /// The file of each name with `suffix` on the search path: the one in
    /// the earliest directory, links to /dev/null masking it.
    func files(withSuffix suffix: String) -> [(name: String, path: String)] {
        var chosen: [String: String] = [:]
        for directory in searchPath {
            guard let entries = try? FileSystem.listDirectory(directory) else { continue }
            let base = directory.hasSuffix("/") ? directory : directory + "/"
            for entry in entries where entry.kind != .directory && entry.name.hasSuffix(suffix) {
                let name = String(entry.name.dropLast(suffix.count))
                if !name.isEmpty && chosen[name] == nil { chosen[name] = base + entry.name }
            }
        }
        return chosen.keys.sorted().compactMap { name in
            guard let path = chosen[name], (try? FileSystem.readLink(path)) != "/dev/null" else { return nil }
            return (name, path)
        }
    }

    /// The `.volume` file named `name`, nil when there is none.
    public func volumeFilePath(_ name: String) -> String? {
        files(withSuffix: VolumeDefinition.fileSuffix).first { $0.name == name }?.path
    }

    /// The `.image` file named `name`, nil when there is none.
    public func imageFilePath(_ name: String) -> String? {
        files(withSuffix: ImageDefinition.fileSuffix).first { $0.name == name }?.path
    }

    /// Reads and checks one volume file; an unreadable file is a
    /// diagnostic at line 1.
    public static func loadVolume(path: String) -> VolumeParseResult {
        do {
            return VolumeDefinition.parse(text: try FileSystem.readTextFile(path), path: path)
        } catch {
            return VolumeParseResult(
                path: path, definition: nil,
                diagnostics: [.error("cannot read the volume definition: \(error.errno)", file: path, line: 1)])
        }
    }

    /// Reads and checks one image file.
    public static func loadImage(path: String) -> ImageParseResult {
        do {
            return ImageDefinition.parse(text: try FileSystem.readTextFile(path), path: path)
        } catch {
            return ImageParseResult(
                path: path, definition: nil,
                diagnostics: [.error("cannot read the image definition: \(error.errno)", file: path, line: 1)])
        }
    }

    /// Every volume file and every image file on the search path, read.
    public func volumeAndImageFiles() -> (volumes: [VolumeParseResult], images: [ImageParseResult]) {
        (
            files(withSuffix: VolumeDefinition.fileSuffix).map { Self.loadVolume(path: $0.path) },
            files(withSuffix: ImageDefinition.fileSuffix).map { Self.loadImage(path: $0.path) }
        )
    }

    /// The volume with the name `name` as containers name it: a volume
    /// file whose `VolumeName=` (or file name) is `name`, if any.
    public func volumeFile(declaring name: String) -> VolumeDefinition? {
        volumeAndImageFiles().volumes.compactMap(\.definition).first { $0.displayName == name }
    }

    /// `result` with its references to volume and image files resolved;
    /// a reference that cannot be is an error at its line.
    func resolvingReferences(_ result: DefinitionParseResult) -> DefinitionParseResult {
        guard var definition = result.definition else { return result }
        var diagnostics: [Diagnostic] = []
        func report(_ key: String, _ value: String, _ message: String) {
            diagnostics.append(
                .error(
                    "\(key): \(message)", file: definition.sourcePath,
                    line: Self.line(ofKey: key, startingWith: value, in: definition.sourcePath)))
        }
        if let file = definition.imageFile {
            let reference = file + ImageDefinition.fileSuffix
            if let path = imageFilePath(file) {
                let image = Self.loadImage(path: path)
                if let declared = image.definition {
                    definition.image = declared.image
                } else {
                    report("Image", reference, "\(path) has errors (swctl validate \(path) shows them)")
                }
            } else {
                report("Image", reference, "no image file '\(reference)' (\(missing(reference)))")
            }
        }
        for index in definition.volumes.indices {
            guard let file = definition.volumes[index].volumeFile else { continue }
            let reference = file + VolumeDefinition.fileSuffix
            if let path = volumeFilePath(file) {
                let volume = Self.loadVolume(path: path)
                if let declared = volume.definition {
                    definition.volumes[index].volume = declared.displayName
                } else {
                    report("Volume", reference, "\(path) has errors (swctl validate \(path) shows them)")
                }
            } else {
                report("Volume", reference, "no volume file '\(reference)' (\(missing(reference)))")
            }
        }
        var resolved = result
        resolved.diagnostics += diagnostics
        resolved.definition = diagnostics.isEmpty ? definition : nil
        return resolved
    }

    private func missing(_ file: String) -> String {
        "looked in \(searchPath.joined(separator: ", "))"
    }

    /// The line of the last `KEY=` whose value starts with `prefix` in the
    /// file at `path`; 1 when it is not there (it came from a drop-in).
    static func line(ofKey key: String, startingWith prefix: String, in path: String) -> Int {
        guard let text = try? FileSystem.readTextFile(path) else { return 1 }
        let entries = UnitFile.parse(text, file: path).unitFile.entries(in: "Container")
        return entries.last { $0.key == key && $0.value.hasPrefix(prefix) }?.line ?? 1
    }
}
