/// The kinds of Linux namespace a container can have (`linux.namespaces[].type`).
public enum NamespaceType: String, Codable, CaseIterable, Sendable {
    case pid
    case network
    case mount
    case ipc
    case uts
    case user
    case cgroup
    case time
}

/// One entry of `linux.namespaces`: create a new namespace, or join `path`.
public struct Namespace: Codable, Equatable, Sendable {
    public var type: NamespaceType
    /// A namespace file (e.g. `/proc/1234/ns/net`) to join instead of creating one.
    public var path: String?

    public init(type: NamespaceType, path: String? = nil) {
        self.type = type
        self.path = path
    }
}

/// One ID range mapping (`uidMappings`, `gidMappings`).
public struct IDMapping: Codable, Equatable, Sendable {
    public var containerID: UInt32
    public var hostID: UInt32
    public var size: UInt32

    public init(containerID: UInt32, hostID: UInt32, size: UInt32) {
        self.containerID = containerID
        self.hostID = hostID
        self.size = size
    }
}
