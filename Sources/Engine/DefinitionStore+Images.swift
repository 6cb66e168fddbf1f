import ImageSpec
import Syscalls
import UnitFile

/// A definition whose `Image=` names an image in the store.
public struct ImageUser: Sendable, Equatable {
    /// The container's name.
    public var name: String
    public var path: String
    public var reference: ImageReference
}

extension DefinitionStore {
    /// Every definition on the search path whose `Image=` is an image
    /// reference (not a root directory). The key is read even from a file
    /// with errors elsewhere: such a container is still meant to run, so its
    /// image must not be pruned or removed under it.
    public func imageUsers() -> [ImageUser] {
        list().definitions.compactMap { location in
            guard let text = try? FileSystem.readTextFile(location.path) else { return nil }
            return DefinitionStore.imageUser(name: location.name, path: location.path, text: text)
        }
    }

    /// The image reference a definition's text names in `[Container] Image=`
    /// (the last assignment), or nil for a directory path or none.
    public static func imageUser(name: String, path: String, text: String) -> ImageUser? {
        let unit = UnitFile.parse(text, file: path).unitFile
        guard let value = unit.lastEntry("Image", in: "Container")?.value, !value.isEmpty, !value.hasPrefix("/"),
            let reference = try? ImageReference(parsing: value)
        else { return nil }
        return ImageUser(name: name, path: path, reference: reference)
    }
}
