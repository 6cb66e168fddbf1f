/// Keys that bring something of the host into the container:
/// `Timezone=`, `GroupAdd=`, `EnvironmentHost=`, `HttpProxy=`, appended to
/// `ContainerKeys.all`.
extension ContainerKeys {
    static let hostContext: [ContainerKey] = [
        ContainerKey("EnvironmentHost", reset: { $0.environmentHost = false }) {
            definition, value, _ throws(KeyValueError) in
            definition.environmentHost = try ValueParsers.boolean(value)
        },
        ContainerKey("GroupAdd", list: true, reset: { $0.groupAdd = [] }) {
            definition, value, _ throws(KeyValueError) in
            for group in value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init) {
                if group == "keep-groups" {
                    throw KeyValueError(
                        "keep-groups only makes sense for rootless podman, which keeps the groups of the user who runs it (name the groups instead, e.g. GroupAdd=video)"
                    )
                }
                definition.groupAdd.append(
                    try ValueParsers.account(group, kind: "group", example: "video or 44"))
            }
        },
        ContainerKey("HttpProxy", reset: { $0.httpProxy = true }) {
            definition, value, _ throws(KeyValueError) in
            definition.httpProxy = try ValueParsers.boolean(value)
        },
        ContainerKey("Timezone", reset: { $0.timezone = nil }) { definition, value, _ throws(KeyValueError) in
            definition.timezone = try timezone(value)
        },
    ]

    /// `local`, or a zone name under /usr/share/zoneinfo (`Europe/Berlin`,
    /// `UTC`); whether the zone exists is checked by `swctl prepare`.
    static func timezone(_ value: String) throws(KeyValueError) -> Timezone {
        if value == "local" { return .local }
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        let valid = parts.allSatisfy { part in
            !part.isEmpty && part != "." && part != ".."
                && part.unicodeScalars.allSatisfy { scalar in
                    switch scalar {
                    case "a"..."z", "A"..."Z", "0"..."9", "_", "-", "+", ".": true
                    default: false
                    }
                }
        }
        guard valid else {
            throw KeyValueError(
                "'\(value)' is not a time zone name (use local, or a zone such as Europe/Berlin or UTC)")
        }
        return .zone(value)
    }
}

/// `Timezone=`.
public enum Timezone: Sendable, Equatable {
    /// The host's /etc/localtime.
    case local
    /// /usr/share/zoneinfo/NAME of the host.
    case zone(String)
}

/// The variables `HttpProxy=yes` (the default) passes from the unit's
/// environment into the container, podman's list.
public let proxyVariables = [
    "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "ftp_proxy", "FTP_PROXY", "no_proxy", "NO_PROXY",
]
