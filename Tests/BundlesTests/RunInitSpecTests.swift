import Bundles
import Definitions
import OCI
import Testing

@Suite struct RunInitSpecTests {
    private func spec(runInit: Bool) throws -> Spec {
        var definition = ContainerDefinition(
            name: "web", sourcePath: "/etc/swctl/containers/web.container", image: "/srv/web")
        definition.exec = ["/bin/sh", "-c", "sleep 1"]
        definition.runInit = runInit
        var spec = try buildSpec(SpecInputs(definition: definition, rootfsPath: "/run/swctl/bundles/web/rootfs"))
        if runInit { RunInitSpec.apply(initOnHost: "/usr/libexec/swctl/init", to: &spec) }
        return spec
    }

    @Test func theInitRunsTheCommandAsItsChild() throws {
        #expect(try spec(runInit: true).process?.args == ["/run/swctl/init", "--", "/bin/sh", "-c", "sleep 1"])
    }

    @Test func theInitIsBoundReadOnlyAfterEveryOtherMount() throws {
        let mounts = try spec(runInit: true).mounts ?? []
        #expect(mounts.last?.destination == "/run/swctl/init")
        #expect(mounts.last?.source == "/usr/libexec/swctl/init")
        #expect(mounts.last?.options?.contains("ro") == true)
        #expect(mounts.count == (try spec(runInit: false).mounts ?? []).count + 1)
    }
}
