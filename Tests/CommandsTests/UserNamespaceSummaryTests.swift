import Bundles
import Definitions
import OCI
import Testing

@testable import Commands

@Suite struct UserNamespaceSummaryTests {
    private func spec() throws -> Spec {
        var definition = ContainerDefinition(
            name: "web", sourcePath: "/etc/swctl/containers/web.container", image: "/i")
        definition.exec = ["/bin/sh"]
        return try buildSpec(SpecInputs(definition: definition, rootfsPath: "/r"))
    }

    @Test func statusAndInspectShowTheMapsOrHost() throws {
        #expect(try #require(ConfinementSummary(spec: try spec())).userNamespace == "host")
        var mapped = try spec()
        let range = IDRange(containerID: 0, hostID: 1_879_048_192, size: 65536)
        applyUserNamespace(uid: [range], gid: [range], to: &mapped)
        let summary = try #require(ConfinementSummary(spec: mapped))
        #expect(summary.userNamespace == "uid 0:1879048192:65536 gid 0:1879048192:65536")
        #expect(mapped.annotations?[userNamespaceAnnotation] == summary.userNamespace)
        let text = StatusReport.render(
            name: "web", unit: nil, definition: nil, clock: WallClock(now: Timestamp(microseconds: 0), utcOffset: 0),
            confinement: summary)
        #expect(text.contains("User NS:      uid 0:1879048192:65536 gid 0:1879048192:65536\n"))
    }
}
