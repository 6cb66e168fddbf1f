import Definitions

/// The name-resolution files a container gets (bind-mounted over its
/// `/etc/hosts` and `/etc/resolv.conf`): made from the host's, so they are
/// right without anything running in the container.
public enum ContainerFiles {
    /// Public resolvers used when the host has none a container can reach
    /// (only 127.0.0.0/8 ones, e.g. a local dnsmasq): Docker's choice.
    public static let fallbackNameservers = ["8.8.8.8", "8.8.4.4"]

    /// The host's resolv.conf without the nameservers a container cannot
    /// reach: loopback ones (a resolver on the host's 127.0.0.1 is not the
    /// container's) and IPv6 ones (the bridge is IPv4 only). `search` and
    /// `options` lines are kept. `upstream` is systemd-resolved's list of
    /// the real servers (/run/systemd/resolve/resolv.conf), used when the
    /// host's file names only its stub 127.0.0.53.
    public static func resolvConf(host: String, upstream: String? = nil) -> String {
        let (kept, servers) = filter(host)
        if !servers.isEmpty { return kept.joined() }
        if let upstream {
            let (upstreamKept, upstreamServers) = filter(upstream)
            if !upstreamServers.isEmpty { return upstreamKept.joined() }
        }
        return kept.joined() + fallbackNameservers.map { "nameserver \($0)\n" }.joined()
    }

    private static func filter(_ text: String) -> (lines: [String], servers: [String]) {
        var lines: [String] = []
        var servers: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = words.first, !first.hasPrefix("#"), !first.hasPrefix(";") else { continue }
            if first == "nameserver" {
                guard words.count >= 2, let address = IPv4Address(words[1]), !address.isLoopback else { continue }
                servers.append(address.description)
            }
            lines.append(String(line) + "\n")
        }
        return (lines, servers)
    }

    /// /etc/hosts: localhost, and the container's own names on its address
    /// (on 127.0.1.1 when it has none, as Debian does for the host name).
    public static func hosts(hostname: String, name: String, address: IPv4Address?) -> String {
        let names = hostname == name ? name : "\(hostname) \(name)"
        return """
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            \(address?.description ?? "127.0.1.1")\t\(names)

            """
    }
}
