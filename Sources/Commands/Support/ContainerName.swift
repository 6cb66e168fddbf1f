import Definitions

/// Container names and the unit each one runs as (`ctr@NAME.service`).
///
/// The rule is the definitions' own (`ContainerDefinition.isValidName`);
/// this adds which part of a name breaks it, for the command line.
public enum ContainerName {
    public static let maxLength = ContainerDefinition.maximumNameLength

    /// Why `name` cannot be a container name; nil when it can.
    ///
    /// A name is a letter or digit followed by letters, digits, `_`, `.` or
    /// `-` (docker's rule): such a name is a unit instance as it is, with no
    /// systemd escaping, and a safe file and directory name.
    public static func problem(with name: String) -> String? {
        if ContainerDefinition.isValidName(name) { return nil }
        guard let first = name.utf8.first else { return "a container name cannot be empty" }
        guard name.utf8.count <= maxLength else {
            return "'\(name.prefix(20))…' is not a valid container name: longer than \(maxLength) characters"
        }
        guard first.isAlphanumeric else {
            return "'\(name)' is not a valid container name: it must start with a letter or a digit"
        }
        for byte in name.utf8
        where
            !(byte.isAlphanumeric || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-"))
        {
            let shown = byte < 0x80 ? "'\(Character(Unicode.Scalar(byte)))'" : "non-ASCII characters"
            return "'\(name)' is not a valid container name: \(shown) is not allowed (use letters, digits, _ . -)"
        }
        return "'\(name)' is not a valid container name (\(ContainerDefinition.nameRule))"
    }

    /// The systemd unit a container runs as.
    public static func unit(_ name: String) -> String {
        ContainerDefinition.serviceName(forContainer: name)
    }

    /// The container name of a unit `ctr@NAME.service`; nil for other units.
    public static func name(ofUnit unit: String) -> String? {
        guard unit.hasPrefix("ctr@"), unit.hasSuffix(".service") else { return nil }
        let name = String(unit.dropFirst(4).dropLast(8))
        return name.isEmpty ? nil : name
    }

    /// The pattern matching every container unit, for `ListUnitsByPatterns`.
    public static let unitPattern = "ctr@*.service"
}

extension UInt8 {
    fileprivate var isAlphanumeric: Bool {
        (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z"))
            || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z"))
            || (self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9"))
    }
}
