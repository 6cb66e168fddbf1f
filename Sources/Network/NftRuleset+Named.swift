import Definitions

extension NftRuleset {
    /// The named networks' rules in `table ip swctl`, rewritten whole (in
    /// one transaction) whenever a network appears or goes away; two chains
    /// of their own, so the default bridge's base ruleset never touches them.
    ///
    /// - forward: no traffic between the default bridge and a named one,
    ///   nor between two named ones; an internal network's bridge forwards
    ///   nothing in or out.
    /// - postrouting: each non-internal subnet is masqueraded on the way out,
    ///   and so is traffic DNATed into it from 127.0.0.0/8 or from itself.
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
        let sorted = networks.sorted(by: { $0.name < $1.name })
        for network in sorted where network.isInternal {
            let bridge = network.bridge
            script += "add rule \(t) named_forward iifname \"\(bridge)\" oifname != \"\(bridge)\" drop\n"
            script += "add rule \(t) named_forward oifname \"\(bridge)\" iifname != \"\(bridge)\" drop\n"
        }
        // A published port is reached through the host's address from any
        // network (hairpin), so DNATed traffic (and its replies) crosses;
        // internal networks are closed before this.
        script += "add rule \(t) named_forward ct status dnat accept\n"
        script += "add rule \(t) named_forward iifname \"\(defaultBridge)\" oifname \"\(any)\" drop\n"
        script += "add rule \(t) named_forward iifname \"\(any)\" oifname \"\(defaultBridge)\" drop\n"
        for network in sorted where !network.isInternal {
            let bridge = network.bridge
            script +=
                "add rule \(t) named_forward iifname \"\(bridge)\" oifname \"\(any)\" oifname != \"\(bridge)\" drop\n"
            script +=
                "add rule \(t) named_postrouting ip saddr \(network.subnet) oifname != \"\(bridge)\" masquerade\n"
            // Published ports reached from 127.0.0.1, or from the network
            // itself through the host's address: replies must come back
            // through the host.
            script += "add rule \(t) named_postrouting oifname \"\(bridge)\" ip saddr 127.0.0.0/8 masquerade\n"
            script +=
                "add rule \(t) named_postrouting oifname \"\(bridge)\" ct status dnat ip saddr \(network.subnet) masquerade\n"
        }
        return script
    }
}
