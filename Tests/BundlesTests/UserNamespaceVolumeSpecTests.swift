import Definitions
import OCI
import Testing

@testable import Bundles

@Suite struct UserNamespaceVolumeSpecTests {
    @Test func idmapReachesTheRuntimeAndUDoesNot() throws {
        var definition = ContainerDefinition(
            name: "web", sourcePath: "/etc/swctl/containers/web.container", image: "/i")
        definition.exec = ["/bin/sh"]
        definition.volumes = [VolumeMount(source: "/srv/data", destination: "/data", options: ["idmap", "U"])]
        let spec = try buildSpec(SpecInputs(definition: definition, rootfsPath: "/r"))
        let mount = try #require(spec.mounts?.first { $0.destination == "/data" })
        #expect(mount.options == ["rbind", "idmap", "rprivate", "rw"])
    }
}
