/// Where networking keeps its state, all under the volatile root
/// (`/run/swctl`): it describes what exists until the next boot only.
public struct NetworkPaths: Sendable, Equatable {
    public var volatileRoot: String

    public init(volatileRoot: String = "/run/swctl") { self.volatileRoot = volatileRoot }

    /// The containers' network namespaces, bind-mounted: `netns/NAME`.
    public var namespaces: String { "\(volatileRoot)/netns" }
    public func namespace(_ name: String) -> String { "\(namespaces)/\(name)" }

    public var state: String { "\(volatileRoot)/network" }
    /// The bridge network's leases (`Lease` lines).
    public var leases: String { "\(state)/leases" }
    /// flock'd while leases are read, changed and written.
    public var lock: String { "\(state)/lock" }
    /// The base nftables ruleset as last installed (see `installRules`).
    public var rulesetMarker: String { "\(state)/nftables-base" }
}
