import Definitions
import OCI
import Testing

@testable import Bundles

private func definition(_ configure: (inout ContainerDefinition) -> Void = { _ in }) -> ContainerDefinition {
    var definition = ContainerDefinition(
        name: "web", sourcePath: "/etc/swctl/containers/web.container", image: "/srv/images/busybox")
    definition.exec = ["/bin/sh", "-c", "echo hi"]
    configure(&definition)
    return definition
}

@Suite struct SpecBuilderTests {
    @Test func commandIsEntrypointFollowedByExec() throws {
        let spec = try buildSpec(
            SpecInputs(
                definition: definition { $0.entrypoint = ["/bin/tini", "--"] }, rootfsPath: "/r"))
        #expect(spec.process?.args == ["/bin/tini", "--", "/bin/sh", "-c", "echo hi"])
    }

    @Test func aDirectoryImageWithoutCommandIsAnErrorNamingTheFile() {
        #expect(throws: SpecBuildError.noCommand(definition: "/etc/swctl/containers/web.container")) {
            try buildSpec(SpecInputs(definition: definition { $0.exec = nil }, rootfsPath: "/r"))
        }
        let message = SpecBuildError.noCommand(definition: "/d/web.container").description
        #expect(message.hasPrefix("/d/web.container: Exec= or Entrypoint= is needed"))
    }

    @Test func hostnameDefaultsToTheContainerName() throws {
        #expect(try buildSpec(SpecInputs(definition: definition(), rootfsPath: "/r")).hostname == "web")
        let named = try buildSpec(SpecInputs(definition: definition { $0.hostName = "front" }, rootfsPath: "/r"))
        #expect(named.hostname == "front")
    }

    @Test func environmentHasDefaultsThenFilesThenExplicitValues() throws {
        let spec = try buildSpec(
            SpecInputs(
                definition: definition {
                    $0.environment = [
                        EnvironmentVariable(name: "MODE", value: "prod"),
                        EnvironmentVariable(name: "PATH", value: "/x"),
                    ]
                },
                rootfsPath: "/r",
                user: ResolvedUser(uid: 1000, gid: 1000, home: "/home/app"),
                environmentFiles: [[("MODE", "dev"), ("TOKEN", "abc")]]))
        #expect(
            spec.process?.env == [
                "PATH=/x", "HOSTNAME=web", "HOME=/home/app", "container=swctl", "MODE=prod", "TOKEN=abc",
            ])
    }

    @Test func rootGetsDockersDefaultCapabilitiesAndNonRootOnlyTheBoundingSet() throws {
        let root = try buildSpec(SpecInputs(definition: definition(), rootfsPath: "/r")).process?.capabilities
        #expect(root?.effective == defaultCapabilities)
        #expect(root?.bounding == defaultCapabilities)
        #expect(root?.inheritable == nil && root?.ambient == nil)
        #expect(defaultCapabilities.count == 14)
        #expect(!defaultCapabilities.contains("CAP_SYS_ADMIN"))
        let user = try buildSpec(
            SpecInputs(
                definition: definition(), rootfsPath: "/r", user: ResolvedUser(uid: 1000, gid: 1000))
        ).process
        #expect(user?.capabilities?.effective == [])
        #expect(user?.capabilities?.permitted == [])
        #expect(user?.capabilities?.bounding == defaultCapabilities)
        #expect(user?.user.uid == 1000)
    }

    @Test func noNewPrivilegesIsAlwaysOn() throws {
        #expect(try buildSpec(SpecInputs(definition: definition(), rootfsPath: "/r")).process?.noNewPrivileges == true)
    }

    @Test(arguments: [(NetworkMode.none, true), (NetworkMode.host, false)])
    func networkNamespaceOnlyForNetworkNone(mode: NetworkMode, hasNetworkNamespace: Bool) throws {
        let spec = try buildSpec(SpecInputs(definition: definition { $0.network = mode }, rootfsPath: "/r"))
        let types = Set(spec.linux?.namespaces?.map(\.type) ?? [])
        #expect(types.isSuperset(of: [.pid, .mount, .ipc, .uts, .cgroup]))
        #expect(types.contains(.network) == hasNetworkNamespace)
        #expect(!types.contains(.user))
    }

    @Test func readOnlyMakesTheRootReadOnly() throws {
        let spec = try buildSpec(SpecInputs(definition: definition { $0.readOnly = true }, rootfsPath: "/img"))
        #expect(spec.root == Root(path: "/img", readonly: true))
    }

    @Test func volumesAndTmpfsComeAfterTheDefaultsParentsFirst() throws {
        let spec = try buildSpec(
            SpecInputs(
                definition: definition {
                    $0.volumes = [
                        VolumeMount(source: "/srv/www/cache", destination: "/var/www/cache"),
                        VolumeMount(
                            source: "/srv/www", destination: "/var/www", readOnly: true, options: ["nosuid", "z"]),
                    ]
                    $0.tmpfs = [TmpfsMount(destination: "/run", options: ["size=10m"])]
                },
                rootfsPath: "/r"))
        let mounts = spec.mounts ?? []
        #expect(Array(mounts.prefix(defaultMounts.count)) == defaultMounts)
        let user = Array(mounts.dropFirst(defaultMounts.count))
        #expect(user.map(\.destination) == ["/run", "/var/www", "/var/www/cache"])
        #expect(user[0].options == ["rw", "nosuid", "nodev", "noexec", "size=10m"])
        #expect(
            user[1]
                == Mount(
                    destination: "/var/www", type: "bind", source: "/srv/www",
                    options: ["rbind", "nosuid", "rprivate", "ro"]))
        #expect(user[2].options == ["rbind", "rprivate", "rw"])
    }

    @Test func containerGoesIntoASubCgroupWithDockersMaskedPaths() throws {
        let linux = try buildSpec(SpecInputs(definition: definition(), rootfsPath: "/r")).linux
        #expect(linux?.cgroupsPath == "container")
        #expect(linux?.maskedPaths?.contains("/proc/kcore") == true)
        #expect(linux?.readonlyPaths?.contains("/proc/sys") == true)
        // Only the runtime's default devices: deny everything else.
        #expect(linux?.resources?.devices == [Resources.DeviceRule(allow: false, access: "rwm")])
    }

    @Test func annotationsNameTheContainerAndItsDefinition() throws {
        let spec = try buildSpec(SpecInputs(definition: definition(), rootfsPath: "/r"))
        #expect(spec.annotations?[nameAnnotation] == "web")
        #expect(spec.annotations?[definitionAnnotation] == "/etc/swctl/containers/web.container")
        #expect(spec.annotations?[machineAnnotation] == "web", "machinectl lists it as web")
    }
}
