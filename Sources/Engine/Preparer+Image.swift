import Definitions
import ImageSpec
import ImageStore
import Syscalls

/// `Image=` naming an image in the store: its layers become the overlay's
/// lower dirs and its configuration fills what the definition leaves unset.
extension Preparer {
    /// The image store's lock, shared, when `Image=` names a stored image:
    /// held from resolving the image until its overlay is mounted, so an
    /// `image prune` cannot remove the layers in between.
    func lockImageStore(for definition: ContainerDefinition) throws(LifecycleError) -> FileLock? {
        guard !definition.image.hasPrefix("/") else { return nil }
        do {
            return try ImageStore(stateRoot: paths.persistentRoot).lockShared()
        } catch {
            throw LifecycleError("\(definition.name): \(error)")
        }
    }

    /// The stored image `Image=` names, or nil when it is a directory path.
    func resolveImage(_ definition: ContainerDefinition) throws(LifecycleError) -> ResolvedImage? {
        guard !definition.image.hasPrefix("/") else { return nil }
        do {
            let reference = try ImageReference(parsing: definition.image)
            try pullIfNeeded(reference, for: definition)
            return try ImageStore(stateRoot: paths.persistentRoot).resolve(reference)
        } catch let error as ImageReferenceError {
            throw LifecycleError("\(definition.sourcePath): Image=\(definition.image): \(error.reason)")
        } catch let error as LifecycleError {
            throw error
        } catch {
            throw LifecycleError("\(definition.sourcePath): Image=\(definition.image): \(error)")
        }
    }

    /// Mounts the container's root: the image's layers (top first) under a
    /// fresh writable layer. `ReadOnly=` is enforced by the spec's read-only root.
    func mountImage(_ image: ResolvedImage, for definition: ContainerDefinition) throws(LifecycleError) -> String {
        let name = definition.name
        // ReadOnly=yes needs no writable layer: the one layer itself, or a
        // read-only overlay of several (a user namespace needs the idmapped
        // overlay; the spec's root stays read-only either way).
        if definition.readOnly && !definition.hasOwnUserNamespace {
            let lower = Array(image.layers.reversed())
            if lower.count == 1 { return lower[0] }
            do {
                try FileSystem.makeDirectories(paths.bundle(name), permissions: 0o700)
                try FileSystem.makeDirectories(paths.bundleRootfs(name), permissions: 0o755)
                try Overlay.mountReadOnly(lower: lower, target: paths.bundleRootfs(name))
            } catch {
                throw LifecycleError("\(name): mount image \(image.reference) read-only: \(error)")
            }
            return paths.bundleRootfs(name)
        }
        let (upper, work, rootfs) = (paths.upperDir(name), paths.workDir(name), paths.bundleRootfs(name))
        do {
            try FileSystem.makeDirectories(paths.bundle(name), permissions: 0o700)
            for directory in [upper, work, rootfs] { try FileSystem.makeDirectories(directory, permissions: 0o755) }
            try mountRootOverlay(
                lower: image.layers.reversed(), upper: upper, work: work, target: rootfs, for: definition)
        } catch let error as FileSystemError {
            throw LifecycleError("\(name): \(error)")
        } catch {
            throw LifecycleError("\(name): mount image \(image.reference): \(error)")
        }
        return rootfs
    }
}

/// The definition with the image configuration's defaults where it is
/// silent, as `docker run` applies them: `Entrypoint=` replaces the image's
/// entrypoint and drops its Cmd; `Exec=` replaces Cmd; `WorkingDir=` and
/// `User=` win over the image's.
public func applyingImageDefaults(_ config: RunConfig?, to definition: ContainerDefinition) -> ContainerDefinition {
    guard let config else { return definition }
    var result = definition
    if definition.entrypoint == nil {
        result.entrypoint = config.entrypoint
        if definition.exec == nil { result.exec = config.cmd }
    }
    if definition.workingDir == nil, let directory = config.workingDir, !directory.isEmpty {
        result.workingDir = directory
    }
    if definition.user == nil, let user = config.user, !user.isEmpty {
        let parts = user.split(separator: ":", maxSplits: 1).map(String.init)
        result.user = parts.first
        if definition.group == nil, parts.count == 2 { result.group = parts[1] }
    }
    return result
}

/// The image-spec annotations of the container's spec: the image's labels,
/// its exposed ports with `ExposeHostPort=`'s, and the stop signal (the definition's `StopSignal=`,
/// else the image's), which `swctl stop-signal` (the unit's ExecStop) sends.
public func imageAnnotations(_ config: RunConfig?, _ definition: ContainerDefinition) -> [String: String] {
    var result =
        config?.annotations(stopSignal: definition.stopSignal)
        ?? definition.stopSignal.map { [ImageAnnotation.stopSignal: $0] } ?? [:]
    // `ExposeHostPort=` adds to the image's ExposedPorts (as `--expose` does).
    let exposed = definition.exposePorts.flatMap(\.entries).compactMap(ExposedPort.init(parsing:))
    if !exposed.isEmpty {
        let all = Set((config?.exposedPortList ?? []) + exposed).sorted()
        result[ImageAnnotation.exposedPorts] = all.map(\.description).joined(separator: ",")
    }
    return result
}

/// The image's `Env` as one environment "file": above the defaults (so an
/// image's PATH wins) and below `EnvironmentFile=` and `Environment=`.
public func imageEnvironment(_ config: RunConfig?) -> [(name: String, value: String)] {
    (config?.env ?? []).compactMap { entry in
        guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else { return nil }
        return (String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
    }
}
