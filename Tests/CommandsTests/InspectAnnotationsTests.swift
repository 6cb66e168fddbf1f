import JSON
import OCI
import Systemd
import Testing

@testable import Commands

/// Label= and Annotation= end up as the spec's annotations, which `swctl
/// inspect` shows while the container runs.
@Suite struct InspectAnnotationsTests {
    @Test func aRunningContainersAnnotationsAreInTheReport() throws {
        let spec = try JSONDecoder().decode(
            Spec.self,
            from: """
                {"ociVersion":"1.2.0","root":{"path":"rootfs"},
                 "annotations":{"tier":"front","org.example.note":"hello","org.swctl.container.name":"web"}}
                """)
        let definition = DefinitionSummary(
            name: "web", image: "/srv/images/web", sourcePath: "/etc/swctl/containers/web.container")
        let report = InspectReport(
            name: "web", unit: InspectReportTests.running(), definition: definition, definitionText: nil,
            spec: spec, bundle: "/run/swctl/bundles/web", now: Timestamp(microseconds: Int64(InspectReportTests.now)))
        let document = try JSONValue(parsing: try InspectReport.json([report]))
        #expect(document[0]?["annotations"]?["tier"] == .string("front"))
        #expect(document[0]?["annotations"]?["org.example.note"] == .string("hello"))
        let stopped = InspectReport(
            name: "web", unit: nil, definition: definition, definitionText: nil, spec: nil, bundle: nil,
            now: Timestamp(microseconds: Int64(InspectReportTests.now)))
        #expect(try JSONValue(parsing: try InspectReport.json([stopped]))[0]?["annotations"] == nil)
    }
}
