/// `IP=`: a literal IPv4 address; whether it fits the network is checked
/// at start, against the network's subnet and leases.
func parseStaticAddress(_ value: String) throws(KeyValueError) -> IPv4Address {
    guard let address = IPv4Address(value) else {
        throw KeyValueError("'\(value)' is not an IPv4 address (e.g. 10.88.0.10)")
    }
    guard address != .any, !address.isLoopback, address.value >> 28 != 0xe else {
        throw KeyValueError("'\(value)' cannot be a container's address (use one from the network's subnet)")
    }
    return address
}
