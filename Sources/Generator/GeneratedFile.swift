/// One thing the generator makes in its output directory.
public struct GeneratedFile: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        /// A regular file with this text.
        case file(String)
        /// A symbolic link pointing at this target.
        case symlink(String)
    }

    /// Relative to the output directory (`ctr@web.service.d/50-swctl.conf`).
    public var path: String
    public var content: Content

    public init(path: String, content: Content) {
        self.path = path
        self.content = content
    }

    /// The text of a regular file; nil for a link.
    public var text: String? {
        if case .file(let text) = content { return text }
        return nil
    }

    /// The target of a link; nil for a regular file.
    public var symlinkTarget: String? {
        if case .symlink(let target) = content { return target }
        return nil
    }
}

extension Array where Element == GeneratedFile {
    /// What `--dry-run` prints: each link as `PATH -> TARGET`, each file as
    /// a `# PATH` line followed by its text, under `directory`.
    public func listing(in directory: String) -> String {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        var text = ""
        for file in self {
            switch file.content {
            case .symlink(let target):
                text += "\(prefix)\(file.path) -> \(target)\n"
            case .file(let contents):
                text += "# \(prefix)\(file.path)\n\(contents)\n"
            }
        }
        return text
    }
}
