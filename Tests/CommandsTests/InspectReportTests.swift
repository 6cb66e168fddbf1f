import JSON
import OCI
import Systemd
import Testing

@testable import Commands

@Suite("inspect: the JSON a script reads")
struct InspectReportTests {
    static let now: UInt64 = 1_795_946_400_000_000
    static let definitionText = """
        [Unit]
        Description=Web server

        [Container]
        Image=/srv/images/web
        Volume=/srv/www:/www:ro
        Volume=/srv/logs:/logs
        """
    static let specText = """
        {"ociVersion":"1.2.0","hostname":"web",
         "process":{"user":{"uid":0,"gid":0},"args":["/bin/sh","-c","httpd -f"],"cwd":"/",
                    "capabilities":{"bounding":["CAP_CHOWN","CAP_KILL"],"effective":["CAP_KILL"]}},
         "root":{"path":"rootfs"},
         "mounts":[{"destination":"/proc","type":"proc","source":"proc"},
                   {"destination":"/www","type":"bind","source":"/srv/www","options":["rbind","ro"]}]}
        """

    static func running(freezer: String = "running") -> UnitProperties {
        UnitProperties(
            activeState: "active", subState: "running", activeEnterTimestamp: now - 60_000_000,
            inactiveExitTimestamp: now - 61_000_000, mainPID: 4242, execMainStartTimestamp: now - 60_500_000,
            freezerState: freezer, controlGroup: "/system.slice/system-ctr.slice/ctr@web.service")
    }

    static func document(_ reports: [InspectReport]) throws -> JSONValue {
        try JSONValue(parsing: try InspectReport.json(reports))
    }

    @Test("a running container: state, cgroup, definition keys, mounts and capabilities from config.json")
    func running() throws {
        let spec = try JSONDecoder().decode(Spec.self, from: Self.specText)
        let definition = DefinitionSummary(
            name: "web", image: "/srv/images/web", sourcePath: "/etc/swctl/containers/web.container")
        let report = InspectReport(
            name: "web", unit: Self.running(), definition: definition, definitionText: Self.definitionText,
            spec: spec, bundle: "/run/swctl/bundles/web", now: Timestamp(microseconds: Int64(Self.now)))
        let doc = try Self.document([report])
        let web = try #require(doc[0])
        #expect(doc[1] == nil)
        #expect(web["name"] == .string("web"))
        #expect(web["unit"] == .string("ctr@web.service"))
        #expect(web["image"] == .string("/srv/images/web"))
        #expect(web["cgroup"] == .string("/system.slice/system-ctr.slice/ctr@web.service"))
        #expect(web["bundle"] == .string("/run/swctl/bundles/web"))
        let state = try #require(web["state"])
        #expect(state["status"] == .string("running"))
        #expect(state["statusText"] == .string("Up About a minute"))
        #expect(state["running"] == .bool(true))
        #expect(state["paused"] == .bool(false))
        #expect(state["mainPid"]?.asInteger == 4242)
        #expect(state["startedAt"] == .string("2026-11-29T09:58:59Z"))
        #expect(state["result"] == .string("success"))
        let keys = try #require(web["definition"]?["keys"])
        #expect(web["definition"]?["path"] == .string("/etc/swctl/containers/web.container"))
        #expect(keys["Container"]?["Image"] == .array([.string("/srv/images/web")]))
        #expect(keys["Container"]?["Volume"] == .array([.string("/srv/www:/www:ro"), .string("/srv/logs:/logs")]))
        #expect(keys["Unit"]?["Description"] == .array([.string("Web server")]))
        #expect(web["mounts"]?[1]?["destination"] == .string("/www"))
        #expect(web["mounts"]?[1]?["options"] == .array([.string("rbind"), .string("ro")]))
        #expect(web["process"]?["capabilities"]?["bounding"] == .array([.string("CAP_CHOWN"), .string("CAP_KILL")]))
        #expect(web["process"]?["args"]?[0] == .string("/bin/sh"))
        #expect(web["hostname"] == .string("web"))
    }

    @Test("a paused container says so")
    func paused() throws {
        let report = InspectReport(
            name: "web", unit: Self.running(freezer: "frozen"), definition: nil, definitionText: nil, spec: nil,
            bundle: "/run/swctl/bundles/web", now: Timestamp(microseconds: Int64(Self.now)))
        let state = try #require(try Self.document([report])[0]?["state"])
        #expect(state["status"] == .string("paused"))
        #expect(state["paused"] == .bool(true))
        #expect(state["running"] == .bool(true))
        #expect(state["statusText"] == .string("Up About a minute (Paused)"))
    }

    @Test("a defined container never started: no unit facts, no spec, keys sorted, pretty")
    func defined() throws {
        let definition = DefinitionSummary(name: "db", image: nil, sourcePath: "/etc/swctl/containers/db.container")
        let report = InspectReport(
            name: "db", unit: nil, definition: definition, definitionText: "[Container]\nExec=true\n", spec: nil,
            bundle: "/run/swctl/bundles/db", now: Timestamp(microseconds: Int64(Self.now)))
        let text = try InspectReport.json([report])
        #expect(text.hasPrefix("[\n"))
        let db = try #require(try JSONValue(parsing: text)[0])
        #expect(db["state"]?["status"] == .string("defined"))
        #expect(db["state"]?["running"] == .bool(false))
        #expect(db["state"]?["mainPid"] == nil)
        #expect(db["mounts"] == nil)
        #expect(db["bundle"] == nil)
        #expect(db["cgroup"] == nil)
        guard case .object(let object) = db else { throw Unexpected.notAnObject }
        #expect(Array(object.keys) == ["definition", "name", "state", "unit"])
    }

    @Test("an empty list is an empty array")
    func empty() throws {
        #expect(try Self.document([]) == .array([]))
    }

    enum Unexpected: Error { case notAnObject }
}

extension JSONValue {
    fileprivate var asInteger: Int64? {
        switch self {
        case .int(let v): v
        case .uint(let v): Int64(exactly: v)
        default: nil
        }
    }
}

@Suite struct NetworkSummaryModeTests {
    private func spec(_ namespaces: [Namespace]?) -> Spec {
        Spec(linux: Linux(namespaces: namespaces))
    }

    @Test func theModeComesFromTheNetworkNamespaceEntry() {
        let directory = "/run/swctl/netns"
        #expect(NetworkSummary.mode(of: spec([Namespace(type: .pid)]), name: "web", namespacesDirectory: directory) == "host")
        #expect(NetworkSummary.mode(of: spec([Namespace(type: .network)]), name: "web", namespacesDirectory: directory) == "none")
        #expect(
            NetworkSummary.mode(
                of: spec([Namespace(type: .network, path: "/run/swctl/netns/web")]), name: "web",
                namespacesDirectory: directory) == "bridge")
        #expect(
            NetworkSummary.mode(
                of: spec([Namespace(type: .network, path: "/run/swctl/netns/db")]), name: "web",
                namespacesDirectory: directory) == "container:db")
    }
}
