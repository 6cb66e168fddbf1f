import Definitions
import ImageSpec
import ImageStore
import JSON
import OCI
import Registry
import Syscalls

/// A container whose definition carries `AutoUpdate=`.
public struct AutoUpdateTarget: Sendable, Equatable {
    /// The container's name.
    public var name: String
    /// Its unit, `ctr@NAME.service`.
    public var unit: String
    /// `Image=` as written.
    public var image: String
    public var policy: AutoUpdatePolicy
    public init(name: String, unit: String, image: String, policy: AutoUpdatePolicy) {
        self.name = name
        self.unit = unit
        self.image = image
        self.policy = policy
    }
}

/// What `swctl auto-update` found out about one target's image.
public struct AutoUpdateCheck: Sendable, Equatable {
    public var reference: ImageReference
    /// The image the running container's bundle was made from; nil when
    /// the container is not running (no bundle).
    public var running: String?
    /// What the name points at in the local store.
    public var local: String?
    /// What the name points at in its registry (`registry` policy only).
    public var remote: String?

    public init(reference: ImageReference, running: String?, local: String?, remote: String?) {
        self.reference = reference
        self.running = running
        self.local = local
        self.remote = remote
    }

    /// An update is due: `registry`: the registry has another image than
    /// the store, or the container runs another one than the store names;
    /// `local`: the name points at another image than the container runs.
    public var isPending: Bool {
        if let remote, remote != local { return true }
        guard let running, let local else { return false }
        return running != local
    }
}

/// The store and registry side of `swctl auto-update`: which containers
/// take part, whether their image changed, pulling, and pointing a name
/// back at the previous image for a roll-back. Restarting units is the
/// caller's (it talks to systemd).
public struct AutoUpdater: Sendable {
    public var paths: StatePaths
    public var definitions: DefinitionStore
    public var environment: [String: String]

    public init(paths: StatePaths, definitions: DefinitionStore, environment: [String: String]) {
        self.paths = paths
        self.definitions = definitions
        self.environment = environment
    }

    private var store: ImageStore { ImageStore(stateRoot: paths.persistentRoot) }

    /// Every definition with `AutoUpdate=`, by name; definitions that do not
    /// parse are left out (`swctl validate` reports them).
    public func targets() -> [AutoUpdateTarget] {
        definitions.list().definitions.compactMap { location in
            guard let definition = (try? definitions.load(name: location.name))?.definition,
                let policy = definition.autoUpdate
            else { return nil }
            return AutoUpdateTarget(
                name: definition.name, unit: definition.serviceName, image: definition.image, policy: policy)
        }
    }

    /// Compares the images; `registry` asks the registry for the manifest
    /// of the tag (one GET, no layer is fetched).
    public func check(_ target: AutoUpdateTarget) throws(LifecycleError) -> AutoUpdateCheck {
        let reference = try taggedReference(target)
        var check = AutoUpdateCheck(
            reference: reference, running: try runningDigest(of: target.name),
            local: try? store.digest(for: reference), remote: nil)
        if target.policy == .registry {
            do {
                let configuration = try RegistryConfiguration.load(environment: environment)
                let client = try RegistryClient.connect(reference, configuration: configuration)
                check.remote = try client.manifest(reference.tag ?? ImageReference.defaultTag).digest
            } catch {
                throw LifecycleError("\(target.name): check \(target.image) in its registry: \(error)")
            }
        }
        return check
    }

    /// `registry`: pulls the image (the name then points at the new one).
    /// `local`: nothing to fetch, the name already points at it.
    public func fetch(_ target: AutoUpdateTarget, _ check: AutoUpdateCheck) throws(LifecycleError) {
        guard target.policy == .registry, check.remote != check.local else { return }
        do {
            let configuration = try RegistryConfiguration.load(environment: environment)
            try ImagePuller(store: store, configuration: configuration).pull(check.reference)
        } catch {
            throw LifecycleError("\(target.name): pull \(target.image): \(error)")
        }
    }

    /// Points the name back at `digest` (the image the container ran before).
    public func pointName(of check: AutoUpdateCheck, at digest: String) throws(LifecycleError) {
        let reference = check.reference
        do {
            try NameIndex.update(store.indexPath) { (index: inout NameIndex) throws(ImageStoreError) in
                index.set(
                    repository: reference.repository, tag: reference.tag ?? ImageReference.defaultTag, digest: digest)
            }
        } catch {
            throw LifecycleError("roll back \(reference.familiarDescription) to \(digest): \(error)")
        }
    }

    /// The digest `swctl prepare` recorded in the container's bundle.
    public func runningDigest(of name: String) throws(LifecycleError) -> String? {
        let config = paths.bundleConfig(name)
        guard FileSystem.exists(config) else { return nil }
        do {
            let spec = try JSONDecoder().decode(Spec.self, from: try FileSystem.readFile(config))
            return spec.annotations?[AutoUpdateAnnotation.imageDigest]
        } catch {
            throw LifecycleError("\(name): read the image digest from \(config): \(error)")
        }
    }

    /// `Image=` as a reference with a tag: a path or a pinned digest cannot
    /// be updated (the definition parser refuses them too; an image file's
    /// reference is checked here only).
    private func taggedReference(_ target: AutoUpdateTarget) throws(LifecycleError) -> ImageReference {
        if let problem = target.policy.problem(withImage: target.image) {
            throw LifecycleError("\(target.name): AutoUpdate: \(problem)")
        }
        do { return try ImageReference(parsing: target.image) } catch {
            throw LifecycleError("\(target.name): AutoUpdate=\(target.policy.rawValue): \(error)")
        }
    }
}
