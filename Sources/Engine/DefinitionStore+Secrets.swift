import Definitions
import Syscalls

extension DefinitionStore {
    /// A secret with a `NAME.cred` in /etc/swctl/secrets (made by
    /// `systemd-creds encrypt --name=NAME`) is loaded encrypted; it wins
    /// over a plain `NAME` beside it.
    static func markEncryptedSecrets(in result: inout DefinitionParseResult) {
        guard var definition = result.definition, !definition.secrets.isEmpty else { return }
        for index in definition.secrets.indices {
            let path = definition.secrets[index].encryptedHostPath
            definition.secrets[index].isEncrypted = (try? FileSystem.status(path)).flatMap { $0 } != nil
        }
        result.definition = definition
    }
}
