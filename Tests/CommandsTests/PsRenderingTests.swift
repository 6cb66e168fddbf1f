import Systemd
import Testing

@testable import Commands

@Suite("ps output")
struct PsRenderingTests {
    static let now = Timestamp(microseconds: 1_795_946_400_000_000)

    static let containers = [
        ContainerSummary(
            name: "db", image: "localhost/postgres:16",
            state: .exited(exitCode: 1, at: Timestamp(microseconds: now.microseconds - 120_000_000)),
            activeState: "failed", subState: "failed", result: "exit-code",
            definitionPath: "/etc/swctl/containers/db.container"),
        ContainerSummary(
            name: "web", image: "localhost/httpd:2.4",
            state: .running(since: Timestamp(microseconds: now.microseconds - 180_000_000)),
            activeState: "active", subState: "running", mainPID: 4242, result: "success",
            definitionPath: "/etc/swctl/containers/web.container"),
        ContainerSummary(
            name: "new", image: nil, state: .defined, definitionPath: "/run/swctl/containers/new.container"),
    ]

    @Test("the table has aligned NAME, IMAGE, STATUS, PORTS columns")
    func table() {
        let expected = """
            NAME   IMAGE                   STATUS                     PORTS
            db     localhost/postgres:16   Exited (1) 2 minutes ago
            web    localhost/httpd:2.4     Up 3 minutes
            new    -                       Defined

            """
        #expect(PsRendering.table(Self.containers, now: Self.now) == expected)
    }

    @Test("an empty list is just the header")
    func emptyTable() {
        #expect(PsRendering.table([], now: Self.now) == "NAME   IMAGE   STATUS   PORTS\n")
        #expect(PsRendering.json([], now: Self.now) == "[]\n")
    }

    @Test("JSON: one object per container, stable keys, null for what is unknown")
    func json() {
        let expected = """
            [
              {"name":"db","unit":"ctr@db.service","image":"localhost/postgres:16","state":"exited","status":"Exited (1) 2 minutes ago","activeState":"failed","subState":"failed","mainPid":null,"since":"2026-11-29T09:58:00Z","exitCode":1,"result":"exit-code","definition":"/etc/swctl/containers/db.container","ports":"","health":null},
              {"name":"web","unit":"ctr@web.service","image":"localhost/httpd:2.4","state":"running","status":"Up 3 minutes","activeState":"active","subState":"running","mainPid":4242,"since":"2026-11-29T09:57:00Z","exitCode":null,"result":"success","definition":"/etc/swctl/containers/web.container","ports":"","health":null},
              {"name":"new","unit":"ctr@new.service","image":null,"state":"defined","status":"Defined","activeState":null,"subState":null,"mainPid":null,"since":null,"exitCode":null,"result":null,"definition":"/run/swctl/containers/new.container","ports":"","health":null}
            ]

            """
        #expect(PsRendering.json(Self.containers, now: Self.now) == expected)
    }

    @Test("JSON strings are escaped")
    func escaping() {
        #expect(JSONText.quote("a\"b\\c\nd\u{1}é") == "\"a\\\"b\\\\c\\nd\\u0001é\"")
    }

    @Test("a loaded unit's summary takes the image from the definition, the path from SourcePath= without one")
    func summaryFromUnit() {
        let unit = UnitProperties(
            activeState: "active", subState: "running", sourcePath: "/etc/swctl/containers/x.container",
            activeEnterTimestamp: 1, inactiveExitTimestamp: 1, mainPID: 7)
        let withDefinition = ContainerSummary(
            name: "x", unit: unit,
            definition: DefinitionSummary(name: "x", image: "img", sourcePath: "/run/swctl/containers/x.container"))
        #expect(withDefinition.image == "img")
        #expect(withDefinition.definitionPath == "/run/swctl/containers/x.container")
        #expect(withDefinition.mainPID == 7)
        let without = ContainerSummary(name: "x", unit: unit, definition: nil)
        #expect(without.image == nil)
        #expect(without.definitionPath == "/etc/swctl/containers/x.container")
    }
}
