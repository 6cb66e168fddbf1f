import Definitions
import UnitFile

/// `[Service]` lines for `Secret=` and `LogOpt=tag=`.
public enum ShapingDirectives {
    /// `LoadCredential=NAME:/etc/swctl/secrets/NAME` per secret (systemd
    /// gives the file to this unit alone, in `$CREDENTIALS_DIRECTORY`, where
    /// `swctl prepare` reads it) — `LoadCredentialEncrypted=` for a
    /// `NAME.cred` —, and `SyslogIdentifier=` for a log tag.
    public static func entries(for definition: ContainerDefinition) -> [UnitFile.Entry] {
        var entries: [UnitFile.Entry] = []
        var loaded: Set<String> = []
        for secret in definition.secrets where loaded.insert(secret.name).inserted {
            let directive = secret.credentialDirective
            entries.append(UnitFile.Entry(key: directive.key, value: directive.value, line: 0))
        }
        if let tag = definition.logTag {
            entries.append(UnitFile.Entry(key: "SyslogIdentifier", value: tag, line: 0))
        }
        return entries
    }
}
