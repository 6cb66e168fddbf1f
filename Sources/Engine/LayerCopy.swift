import Bundles
import Definitions
import ImageStore
import Syscalls

/// Chown'ed copies of image layers for containers with a user namespace,
/// where a layer cannot be idmapped (overlayfs, NFS or FUSE under the
/// store, or `[UserNS] Layers=copy`). One copy per ID range and layer,
/// shared by every start of every container with that range:
///
///     PERSISTENT_ROOT/userns/copies/<range>/layers/<diffID hex>   a store layer
///     PERSISTENT_ROOT/userns/copies/<range>/dirs/<escaped path>   an Image= directory
///
/// `<range>` is `HOSTSTART-SIZE` for `UserNS=auto`. A copy is built under
/// the range's lock in a temporary directory and renamed into place, so a
/// crash never leaves half a copy where a start would use it. Store layers'
/// copies keep `/layers/<hex>` in their path so `swctl image prune` sees a
/// mounted copy as its layer in use.
public struct LayerCopies: Sendable {
    public var directory: String
    public var storeLayers: String

    public init(paths: StatePaths) {
        directory = paths.persistentRoot + "/userns/copies"
        storeLayers = ImageStore(stateRoot: paths.persistentRoot).layersDirectory
    }

    /// The directory of one set of maps' copies: `HOSTSTART-SIZE` when both
    /// maps are the one range from 0, as `UserNS=auto` makes them.
    public func rangeDirectory(uid: [IDRange], gid: [IDRange]) -> String {
        if uid == gid, uid.count == 1, uid[0].containerID == 0 {
            return "\(directory)/\(uid[0].hostID)-\(uid[0].size)"
        }
        let text = { (ranges: [IDRange]) in
            ranges.map { "\($0.containerID).\($0.hostID).\($0.size)" }.joined(separator: "_")
        }
        return "\(directory)/u\(text(uid))-g\(text(gid))"
    }

    /// The path of `layer`'s copy in `rangeDirectory`.
    func copyPath(of layer: String, in rangeDirectory: String) -> String {
        if FileSystem.parentDirectory(of: layer) == storeLayers {
            return "\(rangeDirectory)/layers/\(FileSystem.baseName(of: layer))"
        }
        return "\(rangeDirectory)/dirs/\(Self.escape(layer))"
    }

    /// The copy of `layer` with its owners shifted by the maps, built the
    /// first time and found again after.
    public func copy(of layer: String, uid: [IDRange], gid: [IDRange]) throws(LifecycleError) -> String {
        let range = rangeDirectory(uid: uid, gid: gid)
        let target = copyPath(of: layer, in: range)
        do {
            let parent = FileSystem.parentDirectory(of: target)
            try FileSystem.makeDirectories(parent, permissions: 0o700)
            let lock = try FileLock.exclusive(range + "/.lock")
            defer { lock.unlock() }
            if FileSystem.exists(target) { return target }
            // Under the lock nobody builds: a temporary copy is a crash's.
            let temporary = FileSystem.parentDirectory(of: target) + "/.partial-" + FileSystem.baseName(of: target)
            try FileSystem.removeTree(temporary)
            do {
                // An ID the maps leave out becomes the host's overflow ID:
                // nobody inside, as an idmapped mount would show it.
                try UserNamespaceTreeCopy.copy(
                    from: layer, to: temporary,
                    uid: { Bundles.hostID(of: $0, in: uid) ?? Self.overflowID },
                    gid: { Bundles.hostID(of: $0, in: gid) ?? Self.overflowID })
            } catch {
                try? FileSystem.removeTree(temporary)
                throw error
            }
            try FileSystem.move(temporary, replacing: target)
            return target
        } catch let error as LifecycleError {
            throw error
        } catch {
            throw LifecycleError("copy image layer \(layer) for the user namespace (\(range)): \(error)")
        }
    }

    /// Removes every copy made for the host range starting at `hostStart`
    /// with `size` IDs (the range of a container that was removed).
    public func removeRange(hostStart: UInt32, size: UInt32) throws(LifecycleError) {
        let range = "\(directory)/\(hostStart)-\(size)"
        guard FileSystem.exists(range) else { return }
        do {
            let lock = try FileLock.exclusive(range + "/.lock")
            defer { lock.unlock() }
            for entry in try FileSystem.listDirectory(range) where entry.name != ".lock" {
                try FileSystem.removeTree(range + "/" + entry.name)
            }
            try FileSystem.removeFile(range + "/.lock")
            try Directory.remove(range)
        } catch {
            throw LifecycleError("remove the layer copies in \(range): \(error)")
        }
    }

    /// Removes the copies of store layers that are no longer in the store
    /// (after `swctl image prune`); returns the removed copies' paths.
    @discardableResult
    public func removeCopiesOfRemovedLayers() throws(LifecycleError) -> [String] {
        guard FileSystem.exists(directory) else { return [] }
        var removed: [String] = []
        do {
            for range in try FileSystem.listDirectory(directory) where range.kind == .directory {
                let rangePath = directory + "/" + range.name
                let layers = rangePath + "/layers"
                guard FileSystem.exists(layers) else { continue }
                let lock = try FileLock.exclusive(rangePath + "/.lock")
                defer { lock.unlock() }
                for copy in try FileSystem.listDirectory(layers) where !copy.name.hasPrefix(".") {
                    guard !FileSystem.exists(storeLayers + "/" + copy.name) else { continue }
                    try FileSystem.removeTree(layers + "/" + copy.name)
                    removed.append(layers + "/" + copy.name)
                }
            }
        } catch {
            throw LifecycleError("remove copies of removed layers in \(directory): \(error)")
        }
        return removed
    }

    /// The kernel's default overflow ID (`/proc/sys/kernel/overflowuid`).
    static let overflowID: UInt32 = 65534

    /// A path as one file name: `/`, `%`, control and non-ASCII bytes as `%XX`.
    static func escape(_ path: String) -> String {
        var result = ""
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "%") || byte < 0x20 || byte >= 0x7F {
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            } else {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return result
    }
}
