import Definitions
import Testing

@testable import Generator

/// Secret= loads a systemd credential into the unit; LogOpt=tag= names the
/// journal's SYSLOG_IDENTIFIER.
@Suite struct ShapingDirectivesTests {
    @Test func secretsBecomeLoadCredentialOncePerNameAndTheTagTheSyslogIdentifier() {
        var definition = ContainerDefinition(
            name: "web", sourcePath: "/etc/swctl/containers/web.container", image: "/r")
        var env = SecretReference(name: "token")
        env.kind = .environment
        env.target = "TOKEN"
        definition.secrets = [SecretReference(name: "db-password"), env, SecretReference(name: "token")]
        definition.logTag = "web-front"
        let text = ContainerDropIn.text(for: definition)
        #expect(text.contains("LoadCredential=db-password:/etc/swctl/secrets/db-password\n"))
        #expect(text.split(separator: "\n").filter { $0 == "LoadCredential=token:/etc/swctl/secrets/token" }.count == 1)
        #expect(text.contains("SyslogIdentifier=web-front\n"))
        let plain = ContainerDropIn.text(
            for: ContainerDefinition(name: "web", sourcePath: "/etc/swctl/containers/web.container", image: "/r"))
        #expect(!plain.contains("LoadCredential") && !plain.contains("SyslogIdentifier"))
    }

    @Test func anEncryptedSecretIsLoadedEncrypted() {
        var definition = ContainerDefinition(
            name: "web", sourcePath: "/etc/swctl/containers/web.container", image: "/r")
        var sealed = SecretReference(name: "api-key")
        sealed.isEncrypted = true
        definition.secrets = [sealed, SecretReference(name: "plain")]
        let text = ContainerDropIn.text(for: definition)
        #expect(text.contains("LoadCredentialEncrypted=api-key:/etc/swctl/secrets/api-key.cred\n"))
        #expect(!text.contains("LoadCredential=api-key"))
        #expect(text.contains("LoadCredential=plain:/etc/swctl/secrets/plain\n"))
    }
}
