import Bundles
import Definitions
import Engine
import Glibc
import ImageSpec
import JSON
import OCI
import Syscalls
import TestSupport
import Testing

/// What the image config puts into the container's spec where the
/// definition is silent: stop signal, exposed ports, labels, environment.
@Suite struct ImageConfigSpecTests {
    private let config = RunConfig(
        exposedPorts: ["80/tcp": EmptyObject(), "53/udp": EmptyObject(), "9000-9010/tcp": EmptyObject()],
        env: ["PATH=/opt/bin", "MODE=image", "KEEP=1"], cmd: ["/bin/serve"],
        labels: ["org.opencontainers.image.title": "web", "org.swctl.container.name": "spoof"],
        stopSignal: "SIGQUIT")

    private func definition(_ configure: (inout ContainerDefinition) -> Void = { _ in }) -> ContainerDefinition {
        var definition = ContainerDefinition(name: "web", sourcePath: "/d/web.container", image: "localhost/web:1")
        configure(&definition)
        return definition
    }

    @Test func theImageGivesLabelsPortsAndStopSignal() {
        let annotations = imageAnnotations(config, definition())
        #expect(annotations[ImageAnnotation.stopSignal] == "SIGQUIT")
        // A range is not a port Docker would publish either: left out.
        #expect(annotations[ImageAnnotation.exposedPorts] == "53/udp,80/tcp")
        #expect(annotations["org.opencontainers.image.title"] == "web")
        #expect(config.exposedPortList == [ExposedPort(port: 53, transport: "udp"), ExposedPort(port: 80)])
    }

    @Test func theDefinitionsStopSignalWins() {
        #expect(
            imageAnnotations(config, definition { $0.stopSignal = "SIGINT" })[ImageAnnotation.stopSignal] == "SIGINT")
        // A root directory has no image config: only the definition's signal.
        #expect(
            imageAnnotations(nil, definition { $0.stopSignal = "SIGHUP" }) == [ImageAnnotation.stopSignal: "SIGHUP"])
        #expect(imageAnnotations(nil, definition()).isEmpty)
    }

    /// A label cannot replace swctl's own annotations (the runtime and `ps` read them).
    @Test func swctlsAnnotationsWinOverLabels() throws {
        var inputs = SpecInputs(definition: definition { $0.exec = ["/bin/true"] }, rootfsPath: "/r")
        inputs.imageAnnotations = imageAnnotations(config, inputs.definition)
        let spec = try buildSpec(inputs)
        #expect(spec.annotations?[nameAnnotation] == "web")
        #expect(spec.annotations?[ImageAnnotation.stopSignal] == "SIGQUIT")
        #expect(spec.annotations?["org.opencontainers.image.title"] == "web")
    }

    /// As docker: the image's Env first (its PATH over the default), `Environment=` wins by name.
    @Test func environmentMergesAsDockerDoes() throws {
        let declared = definition {
            $0.exec = ["/bin/true"]
            $0.environment = [EnvironmentVariable(name: "MODE", value: "definition")]
        }
        let inputs = SpecInputs(
            definition: declared, rootfsPath: "/r", environmentFiles: [imageEnvironment(config)])
        let env = try buildSpec(inputs).process?.env ?? []
        #expect(env.contains("PATH=/opt/bin"))
        #expect(env.contains("MODE=definition"))
        #expect(!env.contains("MODE=image"))
        #expect(env.contains("KEEP=1"))
    }

    @Test(
        arguments: [
            ("SIGQUIT", "SIGQUIT"), ("quit", "SIGQUIT"), ("3", "SIGQUIT"), ("SIGRTMIN+3", "SIGRTMIN+3"),
            ("37", "SIGRTMIN+3"),
            ("SIGSTOP", nil), ("SIGCONT", nil), ("0", nil), ("65", nil), ("SIGNOPE", nil),
        ] as [(String, String?)])
    func stopSignalValues(value: String, expected: String?) {
        #expect(SignalName.normalized(value) == expected)
    }
}

/// `swctl stop-signal` (ExecStop) sends the recorded signal to a real process.
@Suite(.enabled(if: FileSystem.exists("/bin/sh") && FileSystem.exists("/bin/sleep"), "needs /bin/sh and /bin/sleep"))
struct StopSignalSenderTests {
    private func bundle(_ paths: StatePaths, signal: String?) throws {
        try FileSystem.makeDirectories(paths.bundle("web"))
        let spec = Spec(annotations: signal.map { [ImageAnnotation.stopSignal: $0] })
        try FileSystem.writeFileAtomically(paths.bundleConfig("web"), contents: try JSONEncoder().encode(spec))
    }

    /// A process that exits 0 on SIGQUIT (and dies of SIGTERM otherwise).
    private func startQuitHandler() throws -> Subprocess.Running {
        try Subprocess.start("/bin/sh", ["-c", "trap 'exit 0' QUIT; while :; do /bin/sleep 0.05; done"])
    }

    @Test func sendsTheRecordedSignalAndWaits() throws {
        try TemporaryDirectory.with("stop-signal") { (scratch: TemporaryDirectory) throws(any Error) in
            let paths = StatePaths(persistentRoot: scratch.path + "/lib", volatileRoot: scratch.path + "/run")
            try bundle(paths, signal: "SIGQUIT")
            let process = try startQuitHandler()
            _ = usleep(100_000)  // until the shell has set its trap
            let outcome = try StopSignalSender(paths: paths).stop(name: "web", mainPID: process.pid)
            #expect(outcome == .stopped(signal: "SIGQUIT"))
            #expect(try process.wait().status == .exited(0))
        }
    }

    @Test func leavesSIGTERMAndNoSignalToSystemd() throws {
        try TemporaryDirectory.with("stop-signal") { (scratch: TemporaryDirectory) throws(any Error) in
            let paths = StatePaths(persistentRoot: scratch.path + "/lib", volatileRoot: scratch.path + "/run")
            let sender = StopSignalSender(paths: paths)
            #expect(try sender.stop(name: "web", mainPID: 1) == .nothingToDo)  // no bundle
            try bundle(paths, signal: nil)
            #expect(try sender.stop(name: "web", mainPID: 1) == .nothingToDo)
            try bundle(paths, signal: "SIGTERM")
            #expect(try sender.stop(name: "web", mainPID: 1) == .nothingToDo)
            try bundle(paths, signal: "SIGQUIT")
            #expect(try sender.stop(name: "web", mainPID: nil) == .nothingToDo)  // ended already
        }
    }
}
