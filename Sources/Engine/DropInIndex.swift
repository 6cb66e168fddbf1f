import Syscalls

/// The `*.d` directories of the search path with their entries, listed
/// once: a run over every definition then needs no open(2) per definition
/// to learn that it has no drop-in directory.
struct DropInIndex: Sendable, Equatable {
    /// A drop-in directory's path (`DIR/NAME.container.d`, `DIR/container.d`)
    /// → its entries.
    var directories: [String: [DirectoryEntry]] = [:]

    init(searchPath: [String]) {
        for directory in searchPath {
            guard let entries = try? FileSystem.listDirectory(directory) else { continue }
            let base = directory.hasSuffix("/") ? directory : directory + "/"
            // A link to a directory is one too (listDirectory fails on anything else).
            for entry in entries where entry.name.hasSuffix(".d") && entry.kind != .regular {
                if let files = try? FileSystem.listDirectory(base + entry.name) {
                    directories[base + entry.name] = files
                }
            }
        }
    }
}
