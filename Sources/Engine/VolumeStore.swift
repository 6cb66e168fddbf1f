import Definitions
import Syscalls

/// What a volume was made with: written once at creation in `volume.conf`
/// beside its data, read by `swctl volume inspect` and by its unit.
public struct VolumeOptions: Sendable, Equatable {
    public var labels: [NetworkDefinition.Label] = []
    /// Owner of the data directory when made empty.
    public var uid: UInt32?
    public var gid: UInt32?
    /// Whether the first container to use the volume while it is empty
    /// copies its image's content at the mount point into it.
    public var copy: Bool = true
    /// A file system mounted on the data directory by the volume's unit.
    public var device: String?
    public var type: String?
    public var mountOptions: String?
    /// The `.volume` file that declared it, if any.
    public var sourcePath: String?

    public init() {}

    /// The options a `.volume` file declares.
    public init(_ definition: VolumeDefinition) {
        labels = definition.labels
        uid = definition.uid
        gid = definition.gid
        copy = definition.copy
        device = definition.device
        type = definition.type
        mountOptions = definition.options
        sourcePath = definition.sourcePath
    }
}

/// One volume in the store.
public struct Volume: Sendable, Equatable {
    public var name: String
    /// The directory containers mount: `ROOT/volumes/NAME/_data`.
    public var dataPath: String
    public var options: VolumeOptions
}

/// Why a volume operation failed.
public struct VolumeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Named volumes, as Docker and Podman keep them: a directory per volume
/// under `PERSISTENT_ROOT/volumes/NAME/`, its data in `_data` (what
/// containers mount), its options in `volume.conf`. Made by `swctl volume
/// create`, by a `.volume` file's unit, or by the first container that
/// names it; removed only by `swctl volume rm`/`prune`.
public struct VolumeStore: Sendable {
    public var directory: String

    public init(paths: StatePaths) {
        directory = paths.persistentRoot + "/volumes"
    }

    public func volumeDirectory(_ name: String) -> String { directory + "/" + name }
    public func dataPath(_ name: String) -> String { volumeDirectory(name) + "/_data" }
    func optionsPath(_ name: String) -> String { volumeDirectory(name) + "/volume.conf" }

    /// Every volume, by name.
    public func list() throws(VolumeError) -> [Volume] {
        let entries: [DirectoryEntry]
        do {
            entries = try FileSystem.listDirectory(directory)
        } catch {
            if error.errno == .noSuchFileOrDirectory { return [] }
            throw VolumeError("list volumes in \(directory): \(error)")
        }
        return entries.filter { $0.kind == .directory && VolumeDefinition.isValidName($0.name) }.map(\.name).sorted()
            .compactMap { volume($0) }
    }

    /// The volume `name`, nil when there is none.
    public func volume(_ name: String) -> Volume? {
        guard VolumeDefinition.isValidName(name), FileSystem.exists(dataPath(name)) else { return nil }
        let text = (try? FileSystem.readTextFile(optionsPath(name))) ?? ""
        return Volume(name: name, dataPath: dataPath(name), options: Self.parseOptions(text))
    }

    /// Makes the volume `name` with `options`; with `existingOK` an
    /// existing volume is kept as it is. Returns the volume.
    @discardableResult
    public func create(_ name: String, options: VolumeOptions, existingOK: Bool = false) throws(VolumeError) -> Volume {
        guard VolumeDefinition.isValidName(name) else {
            throw VolumeError("create volume '\(name)': not a volume name (\(ContainerDefinition.nameRule))")
        }
        let lock = try self.lock()
        defer { lock.unlock() }
        if let existing = volume(name) {
            if existingOK { return existing }
            throw VolumeError("create volume \(name): it exists (swctl volume rm \(name) removes it)")
        }
        do {
            try FileSystem.makeDirectories(volumeDirectory(name), permissions: 0o755)
            try FileSystem.writeFileAtomically(optionsPath(name), text: Self.optionsText(options))
            // The data directory last: a volume exists once it is there.
            try FileSystem.makeDirectories(dataPath(name), permissions: 0o755)
            if options.uid != nil || options.gid != nil {
                try UserNamespaceFiles.changeOwner(dataPath(name), uid: options.uid ?? 0, gid: options.gid ?? 0)
            }
        } catch {
            try? FileSystem.removeTree(volumeDirectory(name))
            throw VolumeError("create volume \(name) in \(directory): \(error)")
        }
        return Volume(name: name, dataPath: dataPath(name), options: options)
    }

    /// Removes the volume and its data; its file system must not be
    /// mounted (the caller checks that no container uses it).
    public func remove(_ name: String) throws(VolumeError) {
        guard volume(name) != nil else {
            throw VolumeError("remove volume \(name): no such volume (swctl volume ls lists them)")
        }
        if Self.isMountPoint(dataPath(name)) {
            throw VolumeError(
                "remove volume \(name): \(dataPath(name)) is mounted (stop swctl-volume@\(name).service first)")
        }
        let lock = try self.lock()
        defer { lock.unlock() }
        do { try FileSystem.removeTree(volumeDirectory(name)) } catch {
            throw VolumeError("remove volume \(name): \(error)")
        }
    }

    /// Serialises the store's changes between processes.
    func lock() throws(VolumeError) -> FileLock {
        do {
            try FileSystem.makeDirectories(directory, permissions: 0o700)
            return try FileLock.exclusive(directory + "/.lock")
        } catch {
            throw VolumeError("lock the volume store \(directory): \(error)")
        }
    }

    /// Whether a file system is mounted on `path` (a line of
    /// /proc/self/mountinfo has it as its mount point).
    public static func isMountPoint(_ path: String) -> Bool {
        guard let text = try? FileSystem.readTextFile("/proc/self/mountinfo") else { return false }
        let escaped = path.replacing(" ", with: "\\040")
        return text.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ", maxSplits: 5)
            return fields.count > 4 && fields[4] == escaped
        }
    }

    // MARK: volume.conf: one KEY=VALUE a line

    static func optionsText(_ options: VolumeOptions) -> String {
        var lines: [String] = ["Copy=\(options.copy ? "yes" : "no")"]
        if let uid = options.uid { lines.append("User=\(uid)") }
        if let gid = options.gid { lines.append("Group=\(gid)") }
        if let device = options.device { lines.append("Device=\(device)") }
        if let type = options.type { lines.append("Type=\(type)") }
        if let mountOptions = options.mountOptions { lines.append("Options=\(mountOptions)") }
        if let source = options.sourcePath { lines.append("SourcePath=\(source)") }
        lines += options.labels.map { "Label=\($0.key)=\($0.value)" }
        return lines.map { $0 + "\n" }.joined()
    }

    static func parseOptions(_ text: String) -> VolumeOptions {
        var options = VolumeOptions()
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals]
            let value = String(line[line.index(after: equals)...])
            switch key {
            case "Copy": options.copy = value == "yes"
            case "User": options.uid = UInt32(value)
            case "Group": options.gid = UInt32(value)
            case "Device": options.device = value
            case "Type": options.type = value
            case "Options": options.mountOptions = value
            case "SourcePath": options.sourcePath = value
            case "Label":
                let parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                options.labels.append(
                    NetworkDefinition.Label(key: String(parts[0]), value: parts.count > 1 ? String(parts[1]) : ""))
            default: continue
            }
        }
        return options
    }
}
