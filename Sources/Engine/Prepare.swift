import Bundles
import Definitions
import ImageSpec
import JSON
import Network
import OCI
import Syscalls

/// A step of `swctl prepare` or `swctl cleanup` that failed: one line that
/// names the container, what was being done and why it failed.
public struct LifecycleError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// `swctl prepare NAME` (the unit's ExecStartPre): turns a definition into
/// the OCI bundle the runtime starts — the container's root filesystem (an
/// overlay over the image, fresh at each start) and `config.json`. On any
/// error everything made so far is undone.
public struct Preparer: Sendable {
    public var paths: StatePaths
    public var hostEnvironment: [String: String]
    /// The host's network plumbing (`swctl prepare` passes it). nil leaves
    /// every container but `Network=host` in a fresh namespace with
    /// loopback only, and the host's interfaces untouched: what tests want.
    public var network: ContainerNetwork?

    public init(paths: StatePaths, hostEnvironment: [String: String] = [:], network: ContainerNetwork? = nil) {
        self.paths = paths
        self.hostEnvironment = hostEnvironment
        self.network = network
    }

    /// Prepares the bundle of `declared` and returns the path of its
    /// `config.json`.
    @discardableResult
    public func prepare(_ declared: ContainerDefinition) throws(LifecycleError) -> String {
        try prepareBundle(declared).configPath
    }

    /// What `prepareBundle` made, and what it learnt of the image on the way
    /// (so callers need not read the store again).
    public struct PreparedBundle: Sendable {
        /// The bundle's `config.json`.
        public var configPath: String
        /// The image's HEALTHCHECK; nil for none or a root directory.
        public var imageHealthcheck: ImageHealthcheck?
    }

    /// Prepares the bundle of `declared`.
    public func prepareBundle(_ declared: ContainerDefinition) throws(LifecycleError) -> PreparedBundle {
        let name = declared.name
        // A crash of an earlier run may have left a bundle behind.
        try Cleaner(paths: paths).cleanup(name: name, runtimeDelete: false)
        do throws(LifecycleError) {
            let storeLock = try lockImageStore(for: declared)
            defer { storeLock?.unlock() }
            let image = try resolveImage(declared)
            let definition = applyingImageDefaults(image?.config.config, to: declared)
            let rootfs: String
            if let image {
                rootfs = try mountImage(image, for: definition)
            } else {
                rootfs = try makeRootFilesystem(definition)
            }
            var inputs = SpecInputs(
                definition: definition, rootfsPath: rootfs,
                user: try resolveUser(of: definition, rootfs: image == nil ? definition.image : rootfs),
                environmentFiles: [imageEnvironment(image?.config.config), hostEnvironmentLayer(definition)]
                    + (try readEnvironmentFiles(of: definition)))
            inputs.definition.environment += try secretEnvironment(definition)
            inputs.definition.volumes = try attachVolumes(definition, rootfs: rootfs)
            inputs.host = try hostSecurity(for: definition)
            inputs.imageAnnotations = imageAnnotations(image?.config.config, definition)
            var spec: Spec
            do { spec = try buildSpec(inputs) } catch { throw LifecycleError(error.description) }
            try applyLifecycle(definition, imageDigest: image?.digest, to: &spec)
            try attachNetwork(definition, rootfs: rootfs, to: &spec)
            try applyUserNamespace(definition, to: &spec)
            try mountSecrets(definition, to: &spec)
            try bindTimezone(definition, rootfs: rootfs, to: &spec)
            applyNotify(definition, to: &spec)
            let config = paths.bundleConfig(name)
            do {
                let bytes = try JSONEncoder(outputFormatting: [.prettyPrinted, .sortedKeys]).encode(spec)
                try FileSystem.writeFileAtomically(config, contents: bytes, permissions: 0o600)
            } catch let error as FileSystemError {
                throw LifecycleError("\(name): write the container's spec: \(error)")
            } catch {
                throw LifecycleError("\(name): encode the container's spec: \(error)")
            }
            return PreparedBundle(configPath: config, imageHealthcheck: image?.config.config?.healthcheck)
        } catch {
            try? Cleaner(paths: paths).cleanup(name: name, runtimeDelete: false)
            throw error
        }
    }

    /// The root filesystem: the image itself when read-only, otherwise an
    /// overlay with a fresh writable layer, so a start copies no image data
    /// and never writes into the image.
    private func makeRootFilesystem(_ definition: ContainerDefinition) throws(LifecycleError) -> String {
        let name = definition.name
        let image = definition.image
        guard (try? FileSystem.status(image))??.kind == .directory else {
            throw LifecycleError(
                "\(definition.sourcePath): Image=\(image): no such directory (a root filesystem directory is expected)")
        }
        do { try FileSystem.makeDirectories(paths.bundle(name), permissions: 0o700) } catch {
            throw LifecycleError("\(name): \(error)")
        }
        // A user namespace needs the idmapped overlay; the spec's root stays read-only.
        // Rootfs= without :O: the container writes into the directory, as podman.
        let inPlace = definition.rootfs.map { !$0.overlay } ?? false
        if (definition.readOnly || inPlace) && !definition.hasOwnUserNamespace { return image }
        if image.contains(",") || image.contains(":") {
            throw LifecycleError(
                "\(definition.sourcePath): Image=\(image): an overlay cannot use a path with ',' or ':' (move the image, or set ReadOnly=yes)"
            )
        }
        let (upper, work, rootfs) = (paths.upperDir(name), paths.workDir(name), paths.bundleRootfs(name))
        do {
            for directory in [upper, work, rootfs] { try FileSystem.makeDirectories(directory, permissions: 0o755) }
            try mountRootOverlay(lower: [image], upper: upper, work: work, target: rootfs, for: definition)
        } catch let error as FileSystemError {
            throw LifecycleError("\(name): \(error)")
        } catch let error as SyscallError {
            throw LifecycleError("\(name): \(error)")
        } catch {
            throw LifecycleError("\(name): \(error)")
        }
        return rootfs
    }

    private func resolveUser(of definition: ContainerDefinition, rootfs: String) throws(LifecycleError) -> ResolvedUser
    {
        let passwd = (try? FileSystem.readTextFile(rootfs + "/etc/passwd")).map(parsePasswd) ?? []
        let groups = (try? FileSystem.readTextFile(rootfs + "/etc/group")).map(parseGroup) ?? []
        do {
            let user = try Bundles.resolveUser(
                user: definition.user, group: definition.group, passwd: passwd, groups: groups)
            return try addingGroups(definition.groupAdd, to: user, groups: groups)
        } catch let error as UserResolutionError {
            throw LifecycleError("\(definition.sourcePath): \(error.description)")
        } catch {
            throw LifecycleError("\(definition.sourcePath): \(error)")
        }
    }

    /// `EnvironmentFile=` paths are on the host; relative ones are relative
    /// to the definition's directory, as Quadlet resolves them.
    private func readEnvironmentFiles(
        of definition: ContainerDefinition
    ) throws(LifecycleError) -> [[(name: String, value: String)]] {
        var files: [[(name: String, value: String)]] = []
        for path in definition.environmentFiles {
            let absolute =
                path.hasPrefix("/") ? path : FileSystem.parentDirectory(of: definition.sourcePath) + "/" + path
            do {
                files.append(
                    parseEnvironmentFile(try FileSystem.readTextFile(absolute), hostEnvironment: hostEnvironment))
            } catch {
                throw LifecycleError("\(definition.sourcePath): EnvironmentFile=\(path): \(error)")
            }
        }
        return files
    }
}
