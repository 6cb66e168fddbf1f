/// One member of a tar archive, with the GNU and PAX extensions applied.
public struct TarEntry: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case file, hardLink, symbolicLink, characterDevice, blockDevice, directory, fifo
        /// A type this reader does not know; the content is skipped.
        case other(UInt8)
    }

    public var path: String
    public var kind: Kind
    public var mode: UInt32
    public var uid: UInt32
    public var gid: UInt32
    public var size: Int64
    public var modificationTime: Int64
    /// Target of a symbolic or hard link.
    public var linkName: String
    public var deviceMajor: UInt32
    public var deviceMinor: UInt32
    /// Extended attributes from PAX `SCHILY.xattr.NAME` records.
    public var extendedAttributes: [String: [UInt8]]

    public init(
        path: String, kind: Kind, mode: UInt32 = 0o644, uid: UInt32 = 0, gid: UInt32 = 0, size: Int64 = 0,
        modificationTime: Int64 = 0, linkName: String = "", deviceMajor: UInt32 = 0, deviceMinor: UInt32 = 0,
        extendedAttributes: [String: [UInt8]] = [:]
    ) {
        self.path = path
        self.kind = kind
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.size = size
        self.modificationTime = modificationTime
        self.linkName = linkName
        self.deviceMajor = deviceMajor
        self.deviceMinor = deviceMinor
        self.extendedAttributes = extendedAttributes
    }
}
