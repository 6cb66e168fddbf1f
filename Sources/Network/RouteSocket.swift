import CNetlink
import Definitions

/// An rtnetlink socket (libnl-route-3) bound to the network namespace the
/// calling thread was in when it was made: links, addresses and routes of
/// that namespace. Not shared between threads.
public final class RouteSocket {
    private let socket: OpaquePointer

    /// Connects in the calling thread's current network namespace.
    public init() throws(NetworkError) {
        guard let socket = nl_socket_alloc() else { throw NetworkError("open rtnetlink socket: out of memory") }
        let status = nl_connect(socket, NETLINK_ROUTE)
        if status < 0 {
            nl_socket_free(socket)
            throw NetworkError("open rtnetlink socket: \(Self.describe(status))")
        }
        self.socket = socket
    }

    deinit { nl_socket_free(socket) }

    /// The index of the link called `name`, or nil if there is none.
    public func index(of name: String) throws(NetworkError) -> Int32? {
        var link: OpaquePointer?
        let status = rtnl_link_get_kernel(socket, 0, name, &link)
        defer { if let link { rtnl_link_put(link) } }
        if status == -NLE_OBJ_NOTFOUND || status == -NLE_NODEV { return nil }
        try check(status, "look up link \(name)")
        guard let link else { return nil }
        return rtnl_link_get_ifindex(link)
    }

    /// Creates a bridge called `name` (down, no address).
    public func createBridge(_ name: String, mtu: UInt32) throws(NetworkError) {
        guard let link = rtnl_link_bridge_alloc() else { throw NetworkError("create bridge \(name): out of memory") }
        defer { rtnl_link_put(link) }
        rtnl_link_set_name(link, name)
        rtnl_link_set_mtu(link, mtu)
        try check(rtnl_link_add(socket, link, NLM_F_CREATE | NLM_F_EXCL), "create bridge \(name)")
    }

    /// Creates a veth pair: `name` here, up and enslaved to `master`, and
    /// `peer` born in the network namespace open as `namespace`.
    public func createVeth(
        _ name: String, master: Int32, peer: String, peerNamespace namespace: Int32, mtu: UInt32
    ) throws(NetworkError) {
        guard let link = rtnl_link_veth_alloc() else { throw NetworkError("create veth \(name): out of memory") }
        defer { rtnl_link_put(link) }
        rtnl_link_set_name(link, name)
        rtnl_link_set_mtu(link, mtu)
        rtnl_link_set_master(link, master)
        rtnl_link_set_flags(link, UInt32(IFF_UP.rawValue))
        guard let peerLink = rtnl_link_veth_get_peer(link) else {
            throw NetworkError("create veth \(name): no peer link")
        }
        rtnl_link_set_name(peerLink, peer)
        rtnl_link_set_mtu(peerLink, mtu)
        rtnl_link_set_ns_fd(peerLink, namespace)
        rtnl_link_put(peerLink)
        try check(rtnl_link_add(socket, link, NLM_F_CREATE | NLM_F_EXCL), "create veth \(name)")
    }

    /// Sets the link up.
    public func setUp(_ name: String) throws(NetworkError) {
        var current: OpaquePointer?
        try check(rtnl_link_get_kernel(socket, 0, name, &current), "look up link \(name)")
        guard let current else { throw NetworkError("set \(name) up: no such link") }
        defer { rtnl_link_put(current) }
        guard let change = rtnl_link_alloc() else { throw NetworkError("set \(name) up: out of memory") }
        defer { rtnl_link_put(change) }
        rtnl_link_set_flags(change, UInt32(IFF_UP.rawValue))
        try check(rtnl_link_change(socket, current, change, 0), "set \(name) up")
    }

    /// Turns on hairpin mode on a bridge port, so that a container reaches
    /// itself through a published port: with br_netfilter loaded, the DNAT
    /// happens on the bridge and the frame goes back out the port it came in.
    public func setHairpin(_ name: String) throws(NetworkError) {
        var current: OpaquePointer?
        try check(rtnl_link_get_kernel(socket, 0, name, &current), "look up link \(name)")
        guard let current else { throw NetworkError("set hairpin on \(name): no such link") }
        defer { rtnl_link_put(current) }
        guard let change = rtnl_link_alloc() else { throw NetworkError("set hairpin on \(name): out of memory") }
        defer { rtnl_link_put(change) }
        // libnl sends a change of the AF_BRIDGE family (IFLA_PROTINFO) as
        // `bridge link set` does; both sides must carry that family.
        rtnl_link_set_family(current, AF_BRIDGE)
        rtnl_link_set_family(change, AF_BRIDGE)
        try check(
            rtnl_link_bridge_set_flags(change, UInt32(RTNL_BRIDGE_HAIRPIN_MODE.rawValue)), "set hairpin on \(name)")
        try check(rtnl_link_change(socket, current, change, 0), "set hairpin on \(name)")
    }

    /// Adds `address/prefixLength` to the link with index `index`; an
    /// address it already has is no error.
    public func addAddress(
        _ address: IPv4Address, prefixLength: Int, to index: Int32, name: String
    ) throws(NetworkError) {
        guard let entry = rtnl_addr_alloc() else { throw NetworkError("add \(address) to \(name): out of memory") }
        defer { rtnl_addr_put(entry) }
        let local = try Self.address(address, prefixLength: prefixLength)
        defer { nl_addr_put(local) }
        rtnl_addr_set_ifindex(entry, index)
        _ = rtnl_addr_set_local(entry, local)
        let status = rtnl_addr_add(socket, entry, 0)
        if status == -NLE_EXIST { return }
        try check(status, "add address \(address)/\(prefixLength) to \(name)")
    }

    /// Adds the default route through `gateway` on the link `index`.
    public func addDefaultRoute(via gateway: IPv4Address, on index: Int32, name: String) throws(NetworkError) {
        let operation = "add default route via \(gateway) on \(name)"
        guard let route = rtnl_route_alloc(), let hop = rtnl_route_nh_alloc() else {
            throw NetworkError("\(operation): out of memory")
        }
        defer { rtnl_route_put(route) }
        let destination = try Self.address(.any, prefixLength: 0)
        defer { nl_addr_put(destination) }
        let via = try Self.address(gateway, prefixLength: 32)
        defer { nl_addr_put(via) }
        rtnl_route_set_family(route, UInt8(AF_INET))
        _ = rtnl_route_set_dst(route, destination)
        rtnl_route_nh_set_gateway(hop, via)
        rtnl_route_nh_set_ifindex(hop, index)
        rtnl_route_add_nexthop(route, hop)  // the route owns the hop now
        try check(rtnl_route_add(socket, route, NLM_F_CREATE | NLM_F_EXCL), operation)
    }

    /// Deletes the link called `name`; true if there was one.
    @discardableResult
    public func deleteLink(_ name: String) throws(NetworkError) -> Bool {
        guard let link = rtnl_link_alloc() else { throw NetworkError("delete link \(name): out of memory") }
        defer { rtnl_link_put(link) }
        rtnl_link_set_name(link, name)
        let status = rtnl_link_delete(socket, link)
        if status == -NLE_OBJ_NOTFOUND || status == -NLE_NODEV { return false }
        try check(status, "delete link \(name)")
        return true
    }

    private static func address(_ address: IPv4Address, prefixLength: Int) throws(NetworkError) -> OpaquePointer {
        var bytes = address.value.bigEndian
        guard let result = withUnsafeMutableBytes(of: &bytes, { nl_addr_build(AF_INET, $0.baseAddress, 4) }) else {
            throw NetworkError("build address \(address): out of memory")
        }
        nl_addr_set_prefixlen(result, Int32(prefixLength))
        return result
    }

    private func check(_ status: Int32, _ operation: @autoclosure () -> String) throws(NetworkError) {
        if status < 0 { throw NetworkError("\(operation()): \(Self.describe(status))") }
    }

    /// libnl's text for a (negative) error code, lowercased as our messages are.
    static func describe(_ status: Int32) -> String {
        guard let text = nl_geterror(status) else { return "libnl error \(-status)" }
        return String(cString: text).lowercased()
    }

    /// Whether the status is "the object exists".
    static func isExists(_ status: Int32) -> Bool { status == -NLE_EXIST }
}
