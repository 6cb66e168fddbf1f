import JSON
import OCI
import TestSupport
import Testing

@Suite struct SpecCodableTests {
    /// `runc spec` output (runc 1.1.5), committed unmodified.
    @Test func decodesRuncSpec() throws {
        let spec = try JSONDecoder().decode(Spec.self, from: fixture("runc-spec.json"))
        #expect(spec.ociVersion == "1.0.2-dev")
        #expect(spec.process?.args == ["sh"])
        #expect(spec.process?.terminal == true)
        #expect(spec.process?.capabilities?.bounding == ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"])
        #expect(spec.process?.rlimits == [Rlimit(type: "RLIMIT_NOFILE", hard: 1024, soft: 1024)])
        #expect(spec.root == Root(path: "rootfs", readonly: true))
        #expect(spec.mounts?.map(\.destination).first == "/proc")
        #expect(spec.mounts?.count == 7)
        #expect(spec.linux?.namespaces?.map(\.type) == [.pid, .network, .ipc, .uts, .mount])
        #expect(spec.linux?.resources?.devices == [.init(allow: false, access: "rwm")])
        #expect(spec.linux?.maskedPaths?.contains("/proc/kcore") == true)
    }

    /// Decoding then encoding loses nothing: the documents are equal as JSON.
    @Test(arguments: ["runc-spec.json", "full-spec.json"])
    func roundTripKeepsEveryField(name: String) throws {
        let original = fixture(name)
        let spec = try JSONDecoder().decode(Spec.self, from: original)
        let encoded = try JSONEncoder().encode(spec)
        #expect(try JSONValue(parsing: encoded) == JSONValue(parsing: original))
        #expect(try JSONDecoder().decode(Spec.self, from: encoded) == spec)
    }

    @Test func builderDefaultsEncodeMinimalDocument() throws {
        let spec = Spec(
            process: Process(args: ["/bin/true"]), root: Root(),
            linux: Linux(namespaces: [Namespace(type: .pid), Namespace(type: .mount)]))
        let text = try JSONEncoder(outputFormatting: [.sortedKeys]).encodeToString(spec)
        #expect(
            text
                == #"{"linux":{"namespaces":[{"type":"pid"},{"type":"mount"}]},"ociVersion":"1.2.0","#
                + #""process":{"args":["/bin/true"],"cwd":"/","user":{"gid":0,"uid":0}},"root":{"path":"rootfs"}}"#)
    }

    @Test func unknownNamespaceTypeIsRejected() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Namespace.self, from: #"{"type":"pidfd"}"#)
        }
    }

    @Test func stateEncodesSpecKeys() throws {
        let state = State(id: "web", status: .running, pid: 42, bundle: "/run/swctl/bundles/web")
        let text = try JSONEncoder(outputFormatting: [.sortedKeys]).encodeToString(state)
        #expect(
            text == #"{"bundle":"/run/swctl/bundles/web","id":"web","ociVersion":"1.2.0","pid":42,"status":"running"}"#)
        #expect(try JSONDecoder().decode(State.self, from: text) == state)
    }
}
