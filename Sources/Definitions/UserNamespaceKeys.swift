/// `UserNS=`, `UIDMap=`, `GIDMap=`, appended to `ContainerKeys.all`.
extension ContainerKeys {
    static let userNamespace: [ContainerKey] = [
        ContainerKey("UserNS", reset: { $0.userNamespace.mode = .host }) {
            definition, value, _ throws(KeyValueError) in
            definition.userNamespace.mode = try userNamespaceMode(value)
        },
        ContainerKey("UIDMap", list: true, reset: { $0.userNamespace.uidMap = [] }) {
            definition, value, _ throws(KeyValueError) in
            definition.userNamespace.uidMap.append(try idRange(value))
        },
        ContainerKey("GIDMap", list: true, reset: { $0.userNamespace.gidMap = [] }) {
            definition, value, _ throws(KeyValueError) in
            definition.userNamespace.gidMap.append(try idRange(value))
        },
        ContainerKey("SubUIDMap", reset: { $0.userNamespace.subordinateUIDName = nil }) {
            definition, value, _ throws(KeyValueError) in
            definition.userNamespace.subordinateUIDName = try subordinateOwner(value, file: "/etc/subuid")
        },
        ContainerKey("SubGIDMap", reset: { $0.userNamespace.subordinateGIDName = nil }) {
            definition, value, _ throws(KeyValueError) in
            definition.userNamespace.subordinateGIDName = try subordinateOwner(value, file: "/etc/subgid")
        },
    ]

    /// An owner name of /etc/subuid or /etc/subgid lines (a user or group
    /// name, or a number): no ':', no white space, no '/'.
    static func subordinateOwner(_ value: String, file: String) throws(KeyValueError) -> String {
        guard value.utf8.count <= 256, !value.contains(":"), !value.contains("/"),
            !value.unicodeScalars.contains(where: { $0 == " " || $0 == "\t" })
        else {
            throw KeyValueError(
                "'\(value)' is not a name of \(file) lines (use the first field of a line, e.g. containers)")
        }
        return value
    }

    /// The most IDs `UserNS=auto:size=` may ask for: 2^24, 256 containers'
    /// worth of 65536 out of a pool of 268 million.
    static let largestAutoSize: UInt32 = 1 << 24

    /// `host`, `auto`, `auto:size=N`.
    static func userNamespaceMode(_ value: String) throws(KeyValueError) -> UserNamespaceOptions.Mode {
        let usage = "use auto, auto:size=N or host"
        if value == "host" { return .host }
        if value == "auto" { return .auto(size: UserNamespaceOptions.defaultAutoSize) }
        guard value.hasPrefix("auto:") else {
            throw KeyValueError("'\(value)' is not a user namespace mode swctl supports (\(usage))")
        }
        let option = value.dropFirst("auto:".count)
        guard option.hasPrefix("size="), let size = UInt32(option.dropFirst("size=".count)),
            size > 0, size <= largestAutoSize
        else {
            throw KeyValueError(
                "'\(option)' in '\(value)' is not size=N with N from 1 to \(largestAutoSize) (\(usage))")
        }
        return .auto(size: size)
    }

    /// `CONTAINER:HOST:SIZE`, as Quadlet's `UIDMap=`/`GIDMap=` (podman's
    /// `--uidmap`); neither range may run past 2^32 - 1.
    static func idRange(_ value: String) throws(KeyValueError) -> IDRange {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
            let container = UInt32(parts[0]), let host = UInt32(parts[1]), let size = UInt32(parts[2]), size > 0
        else {
            throw KeyValueError("'\(value)' is not CONTAINER:HOST:SIZE (use e.g. 0:100000:65536)")
        }
        let range = IDRange(containerID: container, hostID: host, size: size)
        guard UInt64(container) + UInt64(size) <= UInt64(UInt32.max), range.hostEnd <= UInt64(UInt32.max) else {
            throw KeyValueError("'\(value)' runs past the largest ID, 4294967294")
        }
        return range
    }
}

extension UserNamespaceOptions {
    /// Why the user namespace keys do not fit together; nil when they do.
    public var problem: String? {
        if case .auto = mode, explicitMaps != nil {
            return "UserNS: auto allocates the maps itself (remove UIDMap= and GIDMap=, or UserNS=auto)"
        }
        if subordinateNames != nil {
            if case .auto = mode {
                return "UserNS: auto allocates the maps itself (remove SubUIDMap= and SubGIDMap=, or UserNS=auto)"
            }
            if explicitMaps != nil {
                return
                    "SubUIDMap: the maps come from /etc/subuid and /etc/subgid (remove UIDMap= and GIDMap=, or SubUIDMap= and SubGIDMap=)"
            }
        }
        return nil
    }
}
