import Definitions
import Engine
import ImageSpec
import Testing

/// `ExposeHostPort=` is recorded with the image's ExposedPorts in the
/// spec's `org.opencontainers.image.exposedPorts` annotation.
@Suite struct ExposeHostPortAnnotationTests {
    private func definition(_ text: String) throws -> ContainerDefinition {
        var definition = ContainerDefinition(name: "web", sourcePath: "/d/web.container", image: "/srv/root")
        var warnings: [String] = []
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try #require(ContainerKeys.byName[String(parts[0])])
            try key.apply(String(parts[1]), to: &definition, warnings: &warnings)
        }
        return definition
    }

    @Test func exposedPortsMergeWithTheImagesSortedAndOnce() throws {
        let config = RunConfig(exposedPorts: ["80/tcp": EmptyObject(), "53/udp": EmptyObject()])
        let web = try definition("ExposeHostPort=80\nExposeHostPort=9000-9002/udp")
        #expect(
            imageAnnotations(config, web)[ImageAnnotation.exposedPorts]
                == "53/udp,80/tcp,9000/udp,9001/udp,9002/udp")
    }

    @Test func aRootDirectoryWithoutImageConfigStillRecordsThem() throws {
        let web = try definition("ExposeHostPort=8080/tcp")
        #expect(imageAnnotations(nil, web) == [ImageAnnotation.exposedPorts: "8080/tcp"])
        #expect(imageAnnotations(nil, try definition("ExposeHostPort=8080\nExposeHostPort=")).isEmpty)
    }
}
