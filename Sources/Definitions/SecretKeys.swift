/// `Secret=NAME[,type=mount|env][,target=…][,uid=…][,gid=…][,mode=…]`:
/// a secret kept as a systemd credential, not a podman secret. The
/// generator adds `LoadCredential=NAME:/etc/swctl/secrets/NAME`, so
/// systemd hands it to the unit alone; `swctl prepare` copies it from
/// `$CREDENTIALS_DIRECTORY` to a file in the container or an environment
/// variable of the container's process. Appended to `ContainerKeys.all`.
extension ContainerKeys {
    static let secret: [ContainerKey] = [
        ContainerKey("Secret", list: true, reset: { $0.secrets = [] }) { definition, value, _ throws(KeyValueError) in
            let secret = try secretReference(value)
            definition.secrets.removeAll {
                $0.name == secret.name && $0.kind == secret.kind && $0.target == secret.target
            }
            definition.secrets.append(secret)
        }
    ]

    static let secretUsage = "use NAME[,type=mount|env][,target=PATH|VARIABLE][,uid=N][,gid=N][,mode=0400]"

    static func secretReference(_ value: String) throws(KeyValueError) -> SecretReference {
        let fields = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let name = fields[0]
        guard isCredentialName(name) else {
            throw KeyValueError(
                "'\(name)' is not a secret name (letters, digits, '_', '-' and '.', not starting with '.'; \(secretUsage))"
            )
        }
        var options: [String: String] = [:]
        for field in fields.dropFirst() {
            guard let equals = field.firstIndex(of: "="), equals != field.startIndex else {
                throw KeyValueError("'\(field)' in '\(value)' is not OPTION=VALUE (\(secretUsage))")
            }
            let key = String(field[..<equals])
            guard ["type", "target", "uid", "gid", "mode"].contains(key) else {
                throw KeyValueError("unknown option '\(key)' in '\(value)' (\(secretUsage))")
            }
            options[key] = String(field[field.index(after: equals)...])
        }
        var secret = SecretReference(name: name)
        switch options["type"] ?? "mount" {
        case "mount": secret.kind = .mount
        case "env": secret.kind = .environment
        case let other: throw KeyValueError("type '\(other)' in '\(value)' is neither mount nor env (\(secretUsage))")
        }
        if secret.kind == .environment {
            if ["uid", "gid", "mode"].contains(where: { options[$0] != nil }) {
                throw KeyValueError("uid, gid and mode in '\(value)' are for type=mount (remove them)")
            }
            let variable = options["target"] ?? name
            guard ValueParsers.isVariableName(variable) else {
                throw KeyValueError(
                    "'\(variable)' is not a variable name for type=env (use letters, digits and '_'; set target=VARIABLE)"
                )
            }
            secret.target = variable
            return secret
        }
        // As podman: a relative target is under /run/secrets.
        let target = options["target"] ?? name
        secret.target = target.hasPrefix("/") ? target : SecretReference.mountDirectory + "/" + target
        guard !secret.target.split(separator: "/").contains("..") else {
            throw KeyValueError(
                "target '\(target)' in '\(value)' leaves the directory with '..' (use an absolute path)")
        }
        for key in ["uid", "gid"] {
            guard let text = options[key] else { continue }
            guard let id = UInt32(text), text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                throw KeyValueError("\(key) '\(text)' in '\(value)' is not a numeric id (\(secretUsage))")
            }
            if key == "uid" { secret.uid = id } else { secret.gid = id }
        }
        if let text = options["mode"] {
            guard let mode = UInt32(text, radix: 8), mode <= 0o777 else {
                throw KeyValueError("mode '\(text)' in '\(value)' is not an octal file mode (use e.g. 0400)")
            }
            secret.mode = mode
        }
        return secret
    }

    /// systemd's credential names: a file name without '/' (and here, to
    /// keep it readable, only letters, digits, '_', '-' and '.').
    static func isCredentialName(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("."), name.utf8.count <= 255 else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".": true
            default: false
            }
        }
    }
}

/// One `Secret=`.
public struct SecretReference: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A read-only file in the container.
        case mount
        /// An environment variable of the container's process.
        case environment
    }

    /// Where the secrets are on the host: `NAME` is the file
    /// /etc/swctl/secrets/NAME, loaded as the unit's credential NAME.
    public static let hostDirectory = "/etc/swctl/secrets"
    /// Where a `type=mount` secret goes without an absolute `target=`.
    public static let mountDirectory = "/run/secrets"

    public var name: String
    public var kind: Kind = .mount
    /// The file in the container (`type=mount`) or the variable (`type=env`).
    public var target: String
    public var uid: UInt32 = 0
    public var gid: UInt32 = 0
    /// podman's default: readable by all in the container.
    public var mode: UInt32 = 0o444

    public init(name: String) {
        self.name = name
        self.target = Self.mountDirectory + "/" + name
    }

    /// Whether the host file is `NAME.cred`, made by `systemd-creds
    /// encrypt` (set when the definition is loaded from disk): systemd
    /// decrypts it into the unit's credentials under the same name.
    public var isEncrypted = false

    /// The plain host file: /etc/swctl/secrets/NAME.
    public var hostPath: String { Self.hostDirectory + "/" + name }

    /// The encrypted host file: /etc/swctl/secrets/NAME.cred.
    public var encryptedHostPath: String { hostPath + ".cred" }

    /// The `[Service]` line that loads it: `LoadCredential=NAME:PATH`, or
    /// `LoadCredentialEncrypted=NAME:PATH.cred`.
    public var credentialDirective: (key: String, value: String) {
        isEncrypted
            ? ("LoadCredentialEncrypted", "\(name):\(encryptedHostPath)") : ("LoadCredential", "\(name):\(hostPath)")
    }
}
