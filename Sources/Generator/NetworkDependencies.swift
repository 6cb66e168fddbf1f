import Definitions
import UnitFile

/// `Network=container:NAME` joins the network namespace of ctr@NAME, which
/// exists only while that container runs: start it first, and stop with it
/// (its namespace is gone then, and a new one would not be this one).
enum NetworkDependencies {
    static func entries(for definition: ContainerDefinition) -> [UnitFile.Entry] {
        guard case .container(let other) = definition.network else { return [] }
        let unit = "ctr@\(other).service"
        return [
            UnitFile.Entry(key: "BindsTo", value: unit, line: 0), UnitFile.Entry(key: "After", value: unit, line: 0),
        ]
    }
}
