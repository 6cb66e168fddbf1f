extension ContainerDefinition {
    /// The longest container name: short enough that `ctr@NAME.service` and
    /// the paths built from the name stay far below systemd's and the
    /// kernel's limits.
    public static let maximumNameLength = 128

    /// Whether `name` can name a container: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`, or
    /// a template's instance `PREFIX@INSTANCE` of two such names, at most
    /// 128 characters. Every such name is valid as the instance of
    /// `ctr@.service` unescaped, so the unit name and the container name
    /// are the same text.
    public static func isValidName(_ name: String) -> Bool {
        guard let parts = templateParts(of: name) else { return isValidPlainName(name) }
        return name.utf8.count <= maximumNameLength && isValidPlainName(parts.prefix)
            && isValidPlainName(parts.instance)
    }

    /// `[a-zA-Z0-9][a-zA-Z0-9_.-]*`, at most 128 characters: a container
    /// name that is no template instance, and the rule for network and
    /// volume names.
    public static func isValidPlainName(_ name: String) -> Bool {
        let bytes = name.utf8
        guard let first = bytes.first, bytes.count <= maximumNameLength, isAlphanumeric(first) else {
            return false
        }
        return bytes.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
        }
    }

    /// The rule `isValidName` checks, worded for a diagnostic.
    public static let nameRule =
        "use letters, digits, '_', '.' and '-', starting with a letter or digit, at most 128 characters"

    /// The definition file suffix.
    public static let fileSuffix = ".container"

    /// The container name a definition file stands for: its base name
    /// without `.container`; nil when the file name does not end in
    /// `.container` (the name itself may still be invalid).
    public static func name(fromPath path: String) -> String? {
        let bytes = path.utf8
        let start = bytes.lastIndex(of: UInt8(ascii: "/")).map { bytes.index(after: $0) } ?? bytes.startIndex
        let suffixLength = fileSuffix.utf8.count
        guard bytes.distance(from: start, to: bytes.endIndex) >= suffixLength,
            bytes[start...].suffix(suffixLength).elementsEqual(fileSuffix.utf8)
        else { return nil }
        // The suffix is ASCII, so where it starts is a character boundary.
        return String(path[start..<bytes.index(bytes.endIndex, offsetBy: -suffixLength)])
    }

    /// The systemd unit a container runs as: `ctr@NAME.service`.
    public static func serviceName(forContainer name: String) -> String {
        "ctr@\(name).service"
    }

    /// `ctr@NAME.service` for this definition.
    public var serviceName: String { Self.serviceName(forContainer: name) }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
