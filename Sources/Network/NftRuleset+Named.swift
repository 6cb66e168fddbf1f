import Definitions

extension NftRuleset {
    /// The named networks' rules in `table ip swctl`, rewritten whole (in
    /// one transaction) whenever a network appears or goes away; two chains
    /// of their own, so the default bridge's base ruleset never touches them.
    ///
    /// - forward: no traffic between the default bridge and a named one,
    ///   nor between two named ones; an internal network's bridge forwards
    ///   nothing in or out.
    /// - postrouting: each non-internal subnet is masqueraded on the way out.
    ///
    /// With no named network left the chains are removed.
    public static func named(_ networks: [NamedNetwork], defaultBridge: String) -> String {
        let t = "ip \(table)"
        let any = NamedNetwork.bridgePrefix + "*"
        var script = """
            add table \(t)
            add chain \(t) named_forward { type filter hook forward priority 0 ; policy accept ; }
            add chain \(t) named_postrouting { type nat hook postrouting priority 100 ; policy accept ; }
            flush chain \(t) named_forward
            flush chain \(t) named_postrouting

            """
        if networks.isEmpty {
            return script + "delete chain \(t) named_forward\ndelete chain \(t) named_postrouting\n"
        }
        script += "add rule \(t) named_forward iifname \"\(defaultBridge)\" oifname \"\(any)\" drop\n"
        script += "add rule \(t) named_forward iifname \"\(any)\" oifname \"\(defaultBridge)\" drop\n"
        for network in networks.sorted(by: { $0.name < $1.name }) {
            let bridge = network.bridge
            if network.isInternal {
                script += "add rule \(t) named_forward iifname \"\(bridge)\" oifname != \"\(bridge)\" drop\n"
                script += "add rule \(t) named_forward oifname \"\(bridge)\" iifname != \"\(bridge)\" drop\n"
            } else {
                script +=
                    "add rule \(t) named_forward iifname \"\(bridge)\" oifname \"\(any)\" oifname != \"\(bridge)\" drop\n"
                script +=
                    "add rule \(t) named_postrouting ip saddr \(network.subnet) oifname != \"\(bridge)\" masquerade\n"
            }
        }
        return script
    }
}
