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
        guard name.utf8.count <= 255, let dot = name.lastIndex(of: ".") else { return false }
        guard unitTypes.contains(String(name[name.index(after: dot)...])) else { return false }
        let stem = name[..<dot]
        guard !stem.isEmpty else { return false }
        if let at = stem.firstIndex(of: "@") {
            let prefix = stem[..<at]
            let instance = stem[stem.index(after: at)...]
            return !prefix.isEmpty && prefix.unicodeScalars.allSatisfy(isUnitNameCharacter)
                && instance.unicodeScalars.allSatisfy { $0 == "@" || isUnitNameCharacter($0) }
        }
        return stem.unicodeScalars.allSatisfy(isUnitNameCharacter)
    }

    /// Whether `name` names an instance of a template (`ctr@web.service`),
    /// as opposed to the template itself (`ctr@.service`) or a plain unit.
    public static func isInstanceName(_ name: String) -> Bool {
        guard isValidUnitName(name), let at = name.firstIndex(of: "@"), let dot = name.lastIndex(of: ".")
        else { return false }
        return name.index(after: at) < dot
    }

    private static func isUnitNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", ":", "-", "_", ".", "\\": true
        default: false
        }
    }
}
