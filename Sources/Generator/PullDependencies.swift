import Definitions
import UnitFile

/// A container whose `swctl prepare` may pull its image starts after the
/// network is up (`network-online.target`, as Quadlet orders its units), so
/// a pull at boot does not race the network configuration.
enum PullDependencies {
    static func entries(for definition: ContainerDefinition) -> [UnitFile.Entry] {
        guard definition.mayPullImage else { return [] }
        return [
            UnitFile.Entry(key: "Wants", value: "network-online.target", line: 0),
            UnitFile.Entry(key: "After", value: "network-online.target", line: 0),
        ]
    }
}
