extension NetworkPaths {
    /// The named networks that exist now: a directory each, made when the
    /// first container joins, removed when the last one leaves.
    public var namedNetworks: String { "\(state)/named" }
    public func namedNetwork(_ name: String) -> String { "\(namedNetworks)/\(name)" }
    /// The choices made for it (`NamedNetwork.record`).
    public func namedConfig(_ name: String) -> String { "\(namedNetwork(name))/config" }
    /// Its leases (`Lease` lines with `@ALIAS` fields).
    public func namedLeases(_ name: String) -> String { "\(namedNetwork(name))/leases" }
    /// One lock for every named network: joins, leaves and the hosts files
    /// they rewrite are serialized, so two containers joining at once both
    /// end up in each other's /etc/hosts.
    public var namedLock: String { "\(state)/named.lock" }
    /// The /etc/hosts of containers on named networks, rewritten in place
    /// (their bind mounts pin the inode).
    public var hostsFiles: String { "\(state)/hosts" }
    public func hostsFile(_ name: String) -> String { "\(hostsFiles)/\(name)" }
    /// A container's `AddHost=` lines, appended to its hosts file at each rewrite.
    public func addedHostsFile(_ name: String) -> String { "\(state)/hosts-added/\(name)" }
    /// The named networks' nft script as last run.
    public var namedRulesetMarker: String { "\(state)/nftables-named" }
}
