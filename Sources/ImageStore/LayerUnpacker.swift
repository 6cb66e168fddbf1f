import Syscalls

/// Unpacks one layer tarball into a directory that overlayfs then uses as a
/// lower layer, treating the archive as hostile.
///
/// - Paths: a leading `/` is dropped; a `..` component refuses the layer.
/// - Every lookup is confined (`ConfinedDirectory`): symlinks in the layer,
///   including ones the archive itself made, resolve inside the layer dir.
///   Final components are never followed: an existing entry is replaced.
/// - Hard links resolve their target inside the layer too.
/// - Character and block devices are skipped (a container gets its devices
///   from the runtime); only the 0:0 whiteout device is made.
/// - Whiteouts become what overlayfs reads: `.wh.NAME` a 0:0 character
///   device, `.wh..wh..opq` the `trusted.overlay.opaque=y` xattr; archive
///   xattrs in the `trusted.overlay.` namespace are dropped.
/// - Unpacking stops after `maximumBytes` of file content.
public struct LayerUnpacker {
    public var maximumBytes: Int64
    /// Apply the archive's owners (needs root; off when unpacking unprivileged).
    public var preserveOwnership: Bool

    public init(maximumBytes: Int64 = 64 << 30, preserveOwnership: Bool = Identity.effectiveUserID == 0) {
        self.maximumBytes = maximumBytes
        self.preserveOwnership = preserveOwnership
    }

    /// What unpacking did besides writing files.
    public struct Report: Equatable, Sendable {
        public var entries = 0
        public var bytes: Int64 = 0
        public var whiteouts: [String] = []
        public var opaqueDirectories: [String] = []
        /// Devices not made, by path.
        public var skipped: [String] = []
    }

    static let whiteoutPrefix = ".wh."
    static let opaqueMarker = ".wh..wh..opq"

    /// Unpacks every member `reader` yields into `directory` (which must exist).
    public func unpack(_ reader: inout TarReader, into directory: String) throws(ImageStoreError) -> Report {
        let root: ConfinedDirectory
        do {
            root = try ConfinedDirectory.open(directory)
        } catch {
            throw ImageStoreError("unpack layer into \(directory): \(error)")
        }
        defer { root.close() }
        var report = Report()
        while true {
            let next: TarEntry?
            do {
                next = try reader.next()
            } catch {
                throw ImageStoreError("unpack layer into \(directory): \(error)")
            }
            guard let entry = next else { return report }
            report.entries += 1
            do {
                try apply(entry, reader: &reader, root: root, report: &report)
            } catch let error as ImageStoreError {
                throw error
            } catch {
                throw ImageStoreError("unpack layer into \(directory): member '\(entry.path)': \(error)")
            }
        }
    }

    /// The components of a member path, with `/` and `.` dropped.
    static func components(_ path: String) throws(ImageStoreError) -> [String] {
        let parts = path.split(separator: "/").map(String.init).filter { $0 != "." }
        if parts.contains("..") {
            throw ImageStoreError("unpack layer: member '\(path)': '..' would leave the layer")
        }
        return parts
    }

    private func apply(
        _ entry: TarEntry, reader: inout TarReader, root: ConfinedDirectory, report: inout Report
    ) throws(any Error) {
        let parts = try LayerUnpacker.components(entry.path)
        guard let name = parts.last else { return }  // the layer root itself
        let parentParts = Array(parts.dropLast())
        let display = root.path + "/" + parts.joined(separator: "/")

        if name == LayerUnpacker.opaqueMarker {
            let grandparent = try root.openDirectory(Array(parentParts.dropLast()), create: true)
            defer { grandparent.close() }
            let directoryName = parentParts.last ?? "."
            if directoryName != "." {
                try ConfinedDirectory.makeDirectory(directoryName, in: grandparent, display: display)
            }
            try ConfinedDirectory.setExtendedAttribute(
                "trusted.overlay.opaque", value: Array("y".utf8), on: directoryName, in: grandparent,
                display: root.path + "/" + parentParts.joined(separator: "/"))
            report.opaqueDirectories.append("/" + parentParts.joined(separator: "/"))
            return
        }
        let parent = try root.openDirectory(parentParts, create: true)
        defer { parent.close() }
        if name.hasPrefix(LayerUnpacker.whiteoutPrefix) {
            // `.wh..wh.*` other than the opaque marker are aufs bookkeeping: nothing to make.
            guard !name.hasPrefix(LayerUnpacker.whiteoutPrefix + LayerUnpacker.whiteoutPrefix) else { return }
            let hidden = String(name.dropFirst(LayerUnpacker.whiteoutPrefix.count))
            guard hidden != "." && hidden != ".." && !hidden.isEmpty else { return }
            try ConfinedDirectory.removeEntry(hidden, in: parent, display: display)
            try ConfinedDirectory.makeNode(
                hidden, in: parent, fifo: false, major: 0, minor: 0, permissions: 0, display: display)
            report.whiteouts.append("/" + (parentParts + [hidden]).joined(separator: "/"))
            return
        }

        let existing = ConfinedDirectory.kind(of: name, in: parent)
        if existing != nil, !(entry.kind == .directory && existing == .directory) {
            try ConfinedDirectory.removeEntry(name, in: parent, display: display)
        }
        let owner = preserveOwnership ? (entry.uid, entry.gid) : nil
        switch entry.kind {
        case .directory:
            try ConfinedDirectory.makeDirectory(name, in: parent, display: display)
            try attributes(entry, name, parent, owner, mode: true, display)
        case .file:
            let file = try ConfinedDirectory.createFile(name, in: parent, permissions: 0o600, display: display)
            do {
                defer { file.close() }
                try copyContent(from: &reader, to: file, report: &report, display: display)
            }
            try attributes(entry, name, parent, owner, mode: true, display)
        case .symbolicLink:
            try ConfinedDirectory.makeSymlink(name, in: parent, target: entry.linkName, display: display)
            if let owner {
                try ConfinedDirectory.setAttributes(
                    name, in: parent, uid: owner.0, gid: owner.1, permissions: nil,
                    modificationTime: entry.modificationTime, display: display)
            }
        case .hardLink:
            let targetParts = try LayerUnpacker.components(entry.linkName)
            guard let targetName = targetParts.last else {
                throw ImageStoreError("unpack layer: member '\(entry.path)': hard link to the layer root")
            }
            let targetParent = try root.openDirectory(Array(targetParts.dropLast()), create: false)
            defer { targetParent.close() }
            try ConfinedDirectory.makeHardLink(
                name, in: parent, to: targetName, in: targetParent, display: display)
        case .fifo:
            try ConfinedDirectory.makeNode(
                name, in: parent, fifo: true, major: 0, minor: 0, permissions: entry.mode, display: display)
            try attributes(entry, name, parent, owner, mode: true, display)
        case .characterDevice where entry.deviceMajor == 0 && entry.deviceMinor == 0:
            // A whiteout already in overlayfs form.
            try ConfinedDirectory.makeNode(
                name, in: parent, fifo: false, major: 0, minor: 0, permissions: 0, display: display)
            report.whiteouts.append("/" + parts.joined(separator: "/"))
        case .characterDevice, .blockDevice, .other:
            report.skipped.append("/" + parts.joined(separator: "/"))
        }
    }

    private func attributes(
        _ entry: TarEntry, _ name: String, _ parent: FileDescriptor, _ owner: (UInt32, UInt32)?, mode: Bool,
        _ display: String
    ) throws(SyscallError) {
        for (attribute, value) in entry.extendedAttributes.sorted(by: { $0.key < $1.key })
        where !attribute.hasPrefix("trusted.overlay.") {
            try ConfinedDirectory.setExtendedAttribute(attribute, value: value, on: name, in: parent, display: display)
        }
        try ConfinedDirectory.setAttributes(
            name, in: parent, uid: owner?.0, gid: owner?.1, permissions: mode ? entry.mode : nil,
            modificationTime: entry.modificationTime, display: display)
    }

    private func copyContent(
        from reader: inout TarReader, to file: FileDescriptor, report: inout Report, display: String
    ) throws(any Error) {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try buffer.withUnsafeMutableBytes { (raw) throws(TarError) -> Int in
                try reader.readContent(into: raw)
            }
            if count == 0 { return }
            report.bytes += Int64(count)
            if report.bytes > maximumBytes {
                throw ImageStoreError("unpack layer: \(display): layer content exceeds \(maximumBytes) bytes")
            }
            try file.writeAll(buffer[0..<count])
        }
    }
}
