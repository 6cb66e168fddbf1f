/// One entry of `linux.devices`: a device node created in the container.
public struct Device: Codable, Equatable, Sendable {
    /// `c`, `b`, `u` or `p`.
    public var type: String
    /// Absolute path inside the container.
    public var path: String
    public var major: Int64?
    public var minor: Int64?
    /// Permission bits of the node.
    public var fileMode: UInt32?
    public var uid: UInt32?
    public var gid: UInt32?

    public init(
        type: String, path: String, major: Int64? = nil, minor: Int64? = nil,
        fileMode: UInt32? = nil, uid: UInt32? = nil, gid: UInt32? = nil
    ) {
        self.type = type
        self.path = path
        self.major = major
        self.minor = minor
        self.fileMode = fileMode
        self.uid = uid
        self.gid = gid
    }
}
