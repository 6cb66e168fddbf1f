import Definitions
import ImageSpec
import ImageStore
import Registry

/// `Pull=`: `swctl prepare` fetches `Image=` from its registry before
/// resolving it, when the policy says so.
extension Preparer {
    /// Pulls `reference` for `definition` as its `Pull=` asks: `missing`
    /// only when the store lacks it, `always`/`newer` every time, `never`
    /// not at all (a missing image is then one line naming both).
    ///
    /// `localhost/NAME` (no port) is the namespace of images made on this
    /// machine (`swctl image import`, `load`, `tag`), as in Podman: there is
    /// no registry to pull them from, so they are never pulled.
    func pullIfNeeded(_ reference: ImageReference, for definition: ContainerDefinition) throws(LifecycleError) {
        guard reference.domain != "localhost" else { return }
        let store = ImageStore(stateRoot: paths.persistentRoot)
        let present = (try? store.digest(for: reference)) != nil
        switch definition.pull {
        case .missing where present, .never where present:
            return
        case .never:
            throw LifecycleError(
                "\(definition.sourcePath): Image=\(definition.image): not in the image store and Pull=never (swctl image pull \(definition.image))"
            )
        case .missing, .always, .newer:
            break
        }
        do {
            let configuration = try RegistryConfiguration.load(environment: hostEnvironment)
            try ImagePuller(store: store, configuration: configuration).pull(reference)
        } catch {
            throw LifecycleError("\(definition.sourcePath): Image=\(definition.image): \(error)")
        }
    }
}
