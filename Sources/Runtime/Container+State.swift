import JSON
import OCI

extension Container {
    /// The OCI state (`swctl-runtime state ID`).
    var ociState: State {
        let state = self.state
        return State(
            id: record.id, status: state.ociStatus, pid: state.pid ?? 0, bundle: record.bundle,
            annotations: record.annotations)
    }

    static func printState(_ id: String, store: StateStore) throws(RuntimeError) -> String {
        let container = try load(id, store: store)
        do {
            return try JSONEncoder(outputFormatting: [.prettyPrinted]).encodeToString(container.ociState) + "\n"
        } catch {
            throw .notify("encode state: \(error)")
        }
    }
}
