import UnitFile

/// The confinement keys (`SeccompProfile=`, capabilities, `NoNewPrivileges=`,
/// masks, `AppArmor=`, `AddDevice=`), appended to `ContainerKeys.all`.
extension ContainerKeys {
    static let security: [ContainerKey] = [
        ContainerKey("AddCapability", list: true, reset: { $0.security.addCapabilities = [] }) {
            definition, value, _ throws(KeyValueError) in
            definition.security.addCapabilities += try capabilityNames(value)
        },
        ContainerKey("DropCapability", list: true, reset: { $0.security.dropCapabilities = [] }) {
            definition, value, _ throws(KeyValueError) in
            definition.security.dropCapabilities += try capabilityNames(value)
        },
        ContainerKey("NoNewPrivileges", reset: { $0.security.noNewPrivileges = true }) {
            definition, value, _ throws(KeyValueError) in
            definition.security.noNewPrivileges = try ValueParsers.boolean(value)
        },
        ContainerKey("ReadOnlyTmpfs", reset: { $0.security.readOnlyTmpfs = true }) {
            definition, value, _ throws(KeyValueError) in
            definition.security.readOnlyTmpfs = try ValueParsers.boolean(value)
        },
        ContainerKey("SeccompProfile", reset: { $0.security.seccompProfile = .default }) {
            definition, value, _ throws(KeyValueError) in
            if value == "unconfined" {
                definition.security.seccompProfile = .unconfined
            } else if value.hasPrefix("/") {
                definition.security.seccompProfile = .file(value)
            } else {
                // As EnvironmentFile=: relative to the definition's directory.
                definition.security.seccompProfile = .file(directory(of: definition.sourcePath) + "/" + value)
            }
        },
        ContainerKey("Mask", list: true, reset: { $0.security.mask = [] }) {
            definition, value, _ throws(KeyValueError) in
            definition.security.mask += try pathList(value)
        },
        ContainerKey("Unmask", list: true, reset: { $0.security.unmask = .paths([]) }) {
            definition, value, _ throws(KeyValueError) in
            if value == "ALL" {
                definition.security.unmask = .all
            } else if case .paths(let paths) = definition.security.unmask {
                definition.security.unmask = .paths(paths + (try pathList(value)))
            }
        },
        ContainerKey("AppArmor", reset: { $0.security.appArmor = .default }) {
            definition, value, _ throws(KeyValueError) in
            guard value.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 }) else {
                throw KeyValueError(
                    "'\(value)' is not an AppArmor profile name (use unconfined, or a loaded profile's name without spaces)"
                )
            }
            definition.security.appArmor = value == "unconfined" ? .unconfined : .profile(value)
        },
        ContainerKey("AddDevice", list: true, reset: { $0.security.devices = [] }) {
            definition, value, _ throws(KeyValueError) in
            definition.security.devices.append(try deviceMapping(value))
        },
    ]

    /// `NET_ADMIN cap_sys_time` → `["CAP_NET_ADMIN", "CAP_SYS_TIME"]`; `ALL` stays.
    static func capabilityNames(_ value: String) throws(KeyValueError) -> [String] {
        let words: [String]
        do { words = try UnitValue.words(value) } catch { throw KeyValueError(ValueParsers.describe(error, in: value)) }
        var names: [String] = []
        for word in words {
            let upper = word.uppercased()
            if upper == "ALL" {
                names.append(upper)
                continue
            }
            let name = upper.hasPrefix("CAP_") ? upper : "CAP_" + upper
            guard allCapabilities.contains(name) else {
                throw KeyValueError("'\(word)' is not a capability (use e.g. NET_ADMIN or CAP_NET_ADMIN, or ALL)")
            }
            names.append(name)
        }
        return names
    }

    /// `/proc/a:/sys/b` (Quadlet's colon-separated list) of absolute paths.
    static func pathList(_ value: String) throws(KeyValueError) -> [String] {
        var paths: [String] = []
        for part in value.split(separator: ":") {
            let path = String(part)
            guard path.hasPrefix("/") else {
                throw KeyValueError("'\(path)' is not an absolute path (use e.g. /proc/sys/kernel:/sys/firmware)")
            }
            paths.append(path)
        }
        return paths
    }

    /// `[-]HOST[:CONTAINER][:PERMISSIONS]`, as `podman run --device`.
    static func deviceMapping(_ value: String) throws(KeyValueError) -> DeviceMapping {
        let optional = value.hasPrefix("-")
        let parts = (optional ? String(value.dropFirst()) : value).split(
            separator: ":", omittingEmptySubsequences: false
        ).map(String.init)
        let isPermissions = { (text: String) in
            !text.isEmpty && text.count <= 3 && Set(text).count == text.count && text.allSatisfy("rwm".contains)
        }
        let usage = "use HOST[:CONTAINER][:PERMISSIONS], e.g. /dev/fuse or /dev/ttyUSB0:/dev/modem:rw"
        guard parts.count <= 3, let host = parts.first, host.hasPrefix("/dev/") else {
            throw KeyValueError("'\(value)' is not a device under /dev (\(usage))")
        }
        var mapping = DeviceMapping(hostPath: host, containerPath: host, optional: optional)
        if parts.count == 2 {
            if isPermissions(parts[1]) { mapping.permissions = parts[1] } else { mapping.containerPath = parts[1] }
        } else if parts.count == 3 {
            mapping.containerPath = parts[1]
            guard isPermissions(parts[2]) else {
                throw KeyValueError("'\(parts[2])' is not a device permission set (use some of r, w and m; \(usage))")
            }
            mapping.permissions = parts[2]
        }
        guard mapping.containerPath.hasPrefix("/") else {
            throw KeyValueError("'\(mapping.containerPath)' is not an absolute path in the container (\(usage))")
        }
        return mapping
    }
}
