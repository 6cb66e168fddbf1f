/// Keys Quadlet deprecated, read as the keys that replaced them, with a
/// warning naming the replacement. Appended to `ContainerKeys.all`.
extension ContainerKeys {
    static let deprecated: [ContainerKey] = [
        ContainerKey("RemapUsers", reset: { $0.userNamespace.mode = .host }) {
            definition, value, warnings throws(KeyValueError) in
            switch value {
            case "auto":
                warnings.append("deprecated, read as UserNS=auto (use UserNS=auto)")
                // RemapUidSize= may have come first.
                if case .auto = definition.userNamespace.mode { return }
                definition.userNamespace.mode = .auto(size: UserNamespaceOptions.defaultAutoSize)
            case "manual":
                warnings.append("deprecated: the maps come from RemapUid=/RemapGid= (use UIDMap= and GIDMap=)")
            case "none":
                warnings.append("deprecated, read as UserNS=host (remove it, or use UserNS=host)")
                definition.userNamespace.mode = .host
            case "keep-id":
                throw KeyValueError(
                    "keep-id maps the user who runs rootless podman, and swctl runs as root (use UserNS=auto, or User= in [Service])"
                )
            default:
                throw KeyValueError("'\(value)' is not auto, manual, none or keep-id (use UserNS= instead)")
            }
        },
        ContainerKey("RemapUid", list: true, reset: { $0.userNamespace.uidMap = [] }) {
            definition, value, warnings throws(KeyValueError) in
            definition.userNamespace.uidMap.append(try idRange(value))
            warnings.append("deprecated, read as UIDMap=\(value) (use UIDMap=)")
        },
        ContainerKey("RemapGid", list: true, reset: { $0.userNamespace.gidMap = [] }) {
            definition, value, warnings throws(KeyValueError) in
            definition.userNamespace.gidMap.append(try idRange(value))
            warnings.append("deprecated, read as GIDMap=\(value) (use GIDMap=)")
        },
        ContainerKey("RemapUidSize", reset: { _ in }) { definition, value, warnings throws(KeyValueError) in
            guard let size = UInt32(value), size > 0, size <= largestAutoSize else {
                throw KeyValueError("'\(value)' is not a number of IDs from 1 to \(largestAutoSize)")
            }
            definition.userNamespace.mode = .auto(size: size)
            warnings.append("deprecated, read as UserNS=auto:size=\(value) (use UserNS=auto:size=\(value))")
        },
        // Quadlet's first releases: a tmpfs on /tmp, later written Tmpfs=/tmp.
        ContainerKey("VolatileTmp", reset: { _ in }) { definition, value, warnings throws(KeyValueError) in
            guard try ValueParsers.boolean(value) else { return }
            warnings.append("deprecated, read as Tmpfs=/tmp (use Tmpfs=/tmp)")
            if !definition.tmpfs.contains(where: { $0.destination == "/tmp" }) {
                definition.tmpfs.append(TmpfsMount(destination: "/tmp"))
            }
        },
    ]
}
