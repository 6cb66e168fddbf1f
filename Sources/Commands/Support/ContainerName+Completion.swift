import ArgumentParser

extension ContainerName {
    /// Shell completion of a container name: the defined containers whose
    /// names start with what is typed (transient ones included).
    static let completion = CompletionKind.custom { _, _, prefix in
        StoreCatalog().all().map(\.name).filter { $0.hasPrefix(prefix) }
    }
}
