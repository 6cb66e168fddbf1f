import Glibc

/// Definitions found by scanning the search path for `NAME.container`
/// files and reading their `Image=`: earlier directories win, as in systemd
/// (`/etc` over `/run` over `/usr/lib`).
public struct SearchPathCatalog: DefinitionCatalog {
    public var directories: [String]

    public static let defaultDirectories = ["/etc/swctl/containers", "/run/swctl/containers", "/usr/lib/swctl/containers"]

    public init(directories: [String] = SearchPathCatalog.defaultDirectories) {
        self.directories = directories
    }

    public func all() throws -> [DefinitionSummary] {
        var seen: [String: DefinitionSummary] = [:]
        for directory in directories {
            for file in Self.entries(of: directory) where file.hasSuffix(".container") {
                let name = String(file.dropLast(".container".count))
                guard seen[name] == nil, ContainerName.problem(with: name) == nil else { continue }
                let path = "\(directory)/\(file)"
                seen[name] = DefinitionSummary(name: name, image: Self.image(in: path), sourcePath: path)
            }
        }
        return seen.values.sorted { $0.name < $1.name }
    }

    public func definition(named name: String) throws -> DefinitionSummary? {
        for directory in directories {
            let path = "\(directory)/\(name).container"
            if access(path, F_OK) == 0 {
                return DefinitionSummary(name: name, image: Self.image(in: path), sourcePath: path)
            }
        }
        return nil
    }

    /// The names in a directory; none when it cannot be read.
    private static func entries(of directory: String) -> [String] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The last `Image=` of the `[Container]` section, or nil.
    static func image(in path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var image: String?
        var section = ""
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        while getline(&buffer, &capacity, file) >= 0, let buffer {
            let line = String(cString: buffer).trimmingWhitespace()
            if line.hasPrefix("[") {
                section = line
            } else if section == "[Container]", line.hasPrefix("Image"),
                let equals = line.firstIndex(of: "="),
                line[..<equals].trimmingWhitespace() == "Image"
            {
                image = String(line[line.index(after: equals)...]).trimmingWhitespace()
            }
        }
        return image
    }
}

extension StringProtocol {
    fileprivate func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
