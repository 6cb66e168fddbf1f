extension UnitValue {
    /// The unit types a unit name may end in.
    public static let unitTypes: Set<String> = [
        "service", "socket", "target", "device", "mount", "automount", "swap", "timer", "path",
        "slice", "scope",
    ]

    /// Whether `name` is a valid systemd unit name (systemd's
    /// unit_name_is_valid): `prefix[@instance].type`, at most 255
    /// characters, the prefix of letters, digits and `:-_.\`, the instance
    /// also allowing `@`, the type a known unit type.
    public static func isValidUnitName(_ name: String) -> Bool {
        let bytes = name.utf8
        guard bytes.count <= 255, let dot = bytes.lastIndex(of: UInt8(ascii: ".")) else { return false }
        guard unitTypes.contains(String(name[bytes.index(after: dot)...])) else { return false }
        let stem = bytes[..<dot]
        guard !stem.isEmpty else { return false }
        if let at = stem.firstIndex(of: UInt8(ascii: "@")) {
            let prefix = stem[..<at]
            let instance = stem[stem.index(after: at)...]
            return !prefix.isEmpty && prefix.allSatisfy(isUnitNameByte)
                && instance.allSatisfy { $0 == UInt8(ascii: "@") || isUnitNameByte($0) }
        }
        return stem.allSatisfy(isUnitNameByte)
    }

    /// Whether `name` names an instance of a template (`ctr@web.service`),
    /// as opposed to the template itself (`ctr@.service`) or a plain unit.
    public static func isInstanceName(_ name: String) -> Bool {
        guard isValidUnitName(name), let at = name.utf8.firstIndex(of: UInt8(ascii: "@")),
            let dot = name.utf8.lastIndex(of: UInt8(ascii: "."))
        else { return false }
        return name.utf8.index(after: at) < dot
    }

    /// Whether `name` names a template (`ctr@.service`): an `@` right
    /// before the type suffix.
    public static func isTemplateName(_ name: String) -> Bool {
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")), dot > name.utf8.startIndex else { return false }
        return name.utf8[name.utf8.index(before: dot)] == UInt8(ascii: "@")
    }

    private static func isUnitNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "_"),
            UInt8(ascii: "."), UInt8(ascii: "\\"):
            true
        default: false
        }
    }
}
