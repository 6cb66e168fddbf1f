import JSON
import OCI
import Syscalls
import TestSupport
import Testing

/// Drives the built `swctl-runtime` (and runc) on busybox bundles, with a
/// state directory of its own.
struct RuntimeHarness {
    let runtime: String
    let state: TemporaryDirectory

    init() throws {
        guard let runtime = BuiltProducts.runtime() else {
            throw SyscallError("find swctl-runtime (build it, or set SWCTL_RUNTIME_BIN)", errno: .noSuchFileOrDirectory)
        }
        self.runtime = runtime
        state = try TemporaryDirectory("state")
    }

    func remove() { state.remove() }

    /// `swctl-runtime --root STATE ARGS…`.
    func callAsFunction(_ arguments: [String], addingEnvironment: [String] = []) throws -> Subprocess.Result {
        try Subprocess.run(runtime, ["--root", state.path] + arguments, addingEnvironment: addingEnvironment)
    }

    func start(_ arguments: [String], addingEnvironment: [String] = []) throws -> Subprocess.Running {
        try Subprocess.start(runtime, ["--root", state.path] + arguments, addingEnvironment: addingEnvironment)
    }

    /// A unique container ID for this process.
    static func id(_ name: String) -> String { "\(name)-\(Processes.currentID)" }
}

/// The spec `runc spec` writes (the OCITests fixture), made runnable without a
/// terminal and with a cgroup namespace; tests edit it further.
func baseSpec(_ args: [String], filePath: String = #filePath) throws -> Spec {
    let directory = FileSystem.parentDirectory(of: filePath)
    let bytes = try FileSystem.readFile(directory + "/../OCITests/Fixtures/runc-spec.json")
    var spec = try JSONDecoder().decode(Spec.self, from: bytes)
    spec.process?.terminal = false
    spec.process?.args = args
    if spec.linux?.namespaces?.contains(Namespace(type: .cgroup)) == false {
        spec.linux?.namespaces?.append(Namespace(type: .cgroup))
    }
    return spec
}

/// `spec` run to the end under swctl-runtime and under runc, on one bundle.
func runUnderBoth(_ spec: Spec, name: String) throws -> (ours: Subprocess.Result, runc: Subprocess.Result) {
    let harness = try RuntimeHarness()
    defer { harness.remove() }
    let bundle = try makeBundle(spec)
    defer { bundle.remove() }
    let runc = try #require(Ring.runcPath)
    let ours = try harness(["run", "-b", bundle.path, RuntimeHarness.id("ours-" + name)])
    let theirs = try Subprocess.run(
        runc, ["--root", harness.state.path + "/runc", "run", "-b", bundle.path, RuntimeHarness.id("runc-" + name)])
    return (ours, theirs)
}

func makeBundle(_ spec: Spec) throws -> TestBundle {
    try TestBundle(config: try JSONEncoder(outputFormatting: [.prettyPrinted]).encode(spec))
}

/// A shell script that prints what the process sees, one `key=value` a line.
/// Capabilities are the shell's own (`/proc/$$`): a non-root process loses
/// them at its next exec unless they are ambient.
let probeScript = """
    echo "pid=$$"
    echo "hostname=$(hostname)"
    echo "ids=$(id -u):$(id -g):$(id -G)"
    echo "cwd=$(pwd)"
    echo "foo=$FOO"
    grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs):' /proc/$$/status | tr -d '\\t' | sed 's/:/=/'
    echo "links=$(ls /sys/class/net | tr '\\n' ' ')"
    awk '{ split($4, o, ","); print "mount=" $2 " " $3 " " o[1] }' /proc/mounts
    """

/// `key=value` lines → pairs, in order.
func parseProbe(_ output: String) -> [(key: String, value: String)] {
    output.split(separator: "\n").compactMap { (line: Substring) -> (key: String, value: String)? in
        guard let equals = line.firstIndex(of: "=") else { return nil }
        return (String(line[..<equals]), String(line[line.index(after: equals)...]))
    }
}

func probeValue(_ output: String, _ key: String) -> String? {
    parseProbe(output).first { $0.key == key }?.value
}

func probeMounts(_ output: String) -> [String] {
    parseProbe(output).filter { $0.key == "mount" }.map(\.value)
}
