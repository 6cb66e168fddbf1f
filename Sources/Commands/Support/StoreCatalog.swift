import Definitions
import Engine
import Syscalls

/// The definitions `Engine.DefinitionStore` finds on its search path
/// (`SWCTL_DEFINITIONS_PATH`, else /etc, /run, /usr/lib), each parsed for
/// its `Image=`.
struct StoreCatalog: DefinitionCatalog {
    var store: DefinitionStore

    init(store: DefinitionStore = .fromEnvironment(ProcessEnvironment.current())) {
        self.store = store
    }

    func all() -> [DefinitionSummary] {
        store.list().definitions
            .filter { ContainerDefinition.isValidName($0.name) }
            .map { summary(name: $0.name, path: $0.path) }
    }

    func definition(named name: String) -> DefinitionSummary? {
        store.path(forName: name).map { summary(name: name, path: $0) }
    }

    /// A definition with errors still counts (it exists); its image is then unknown.
    private func summary(name: String, path: String) -> DefinitionSummary {
        DefinitionSummary(
            name: name, image: store.load(DefinitionLocation(name: name, path: path)).definition?.image,
            sourcePath: path)
    }
}
