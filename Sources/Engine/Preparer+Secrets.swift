import Definitions
import OCI
import Syscalls

/// `Secret=`: the unit's systemd credentials (`LoadCredential=`, written by
/// the generator) copied into the container, as a read-only file or an
/// environment variable of its process; never into the unit's environment.
extension Preparer {
    /// The directory systemd put the unit's credentials in.
    func credentialsDirectory(for definition: ContainerDefinition) throws(LifecycleError) -> String {
        guard let directory = hostEnvironment["CREDENTIALS_DIRECTORY"], !directory.isEmpty else {
            throw LifecycleError(
                "\(definition.sourcePath): Secret=: no $CREDENTIALS_DIRECTORY: secrets are systemd credentials, loaded when ctr@\(definition.name) starts (start the unit rather than running swctl prepare by hand)"
            )
        }
        return directory
    }

    /// One secret's bytes, from the unit's credentials.
    func secretContents(_ secret: SecretReference, in directory: String, for definition: ContainerDefinition)
        throws(LifecycleError) -> [UInt8]
    {
        do {
            return try FileSystem.readFile(directory + "/" + secret.name)
        } catch {
            throw LifecycleError(
                "\(definition.sourcePath): Secret=\(secret.name): read the credential: \(error) (put the secret in \(secret.hostPath), mode 0600, or encrypted with systemd-creds in \(secret.encryptedHostPath), and run systemctl daemon-reload)"
            )
        }
    }

    /// `type=env` secrets as environment variables, above every other source.
    func secretEnvironment(_ definition: ContainerDefinition) throws(LifecycleError) -> [EnvironmentVariable] {
        let secrets = definition.secrets.filter { $0.kind == .environment }
        guard !secrets.isEmpty else { return [] }
        let directory = try credentialsDirectory(for: definition)
        var variables: [EnvironmentVariable] = []
        for secret in secrets {
            let bytes = try secretContents(secret, in: directory, for: definition)
            guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
                throw LifecycleError(
                    "\(definition.sourcePath): Secret=\(secret.name): type=env needs text without NUL bytes (use type=mount for binary secrets)"
                )
            }
            variables.append(EnvironmentVariable(name: secret.target, value: text))
        }
        return variables
    }

    /// `type=mount` secrets: each copied into the bundle with its owner and
    /// mode (the owner mapped through the container's user namespace), and
    /// bound read-only at its target.
    func mountSecrets(_ definition: ContainerDefinition, to spec: inout Spec) throws(LifecycleError) {
        let secrets = definition.secrets.filter { $0.kind == .mount }
        guard !secrets.isEmpty else { return }
        let directory = try credentialsDirectory(for: definition)
        let secretsDirectory = paths.bundle(definition.name) + "/secrets"
        do { try FileSystem.makeDirectories(secretsDirectory, permissions: 0o711) } catch {
            throw LifecycleError("\(definition.name): \(error)")
        }
        for (index, secret) in secrets.enumerated() {
            let bytes = try secretContents(secret, in: directory, for: definition)
            let copy = "\(secretsDirectory)/\(index)-\(secret.name)"
            let uid = secretOwner(secret.uid, through: spec.linux?.uidMappings)
            let gid = secretOwner(secret.gid, through: spec.linux?.gidMappings)
            do {
                try FileSystem.writeFileAtomically(copy, contents: bytes, permissions: secret.mode)
                try UserNamespaceFiles.changeOwner(copy, uid: uid, gid: gid)
            } catch let error as FileSystemError {
                throw LifecycleError("\(definition.name): Secret=\(secret.name): \(error)")
            } catch {
                throw LifecycleError("\(definition.name): Secret=\(secret.name): \(error)")
            }
            spec.mounts =
                (spec.mounts ?? []) + [
                    Mount(
                        destination: secret.target, type: "bind", source: copy,
                        options: ["bind", "rprivate", "ro", "nosuid", "nodev", "noexec"])
                ]
        }
    }

    /// A container ID as the host sees it (itself without a user namespace).
    func secretOwner(_ id: UInt32, through mappings: [IDMapping]?) -> UInt32 {
        guard let mappings, !mappings.isEmpty else { return id }
        for mapping in mappings where id >= mapping.containerID && id - mapping.containerID < mapping.size {
            return mapping.hostID + (id - mapping.containerID)
        }
        return 65534  // unmapped: the overflow ID, as the kernel shows it
    }
}
