import Glibc
import Syscalls
import TestSupport
import Testing

/// swctl's whole state (store, bundles, definitions, swctl.conf) under a
/// temporary directory, a busybox root filesystem at `image`, and the steps
/// a container's unit takes: `swctl prepare`, the runtime's `run` to the
/// end, `swctl cleanup`. For ring-1 suites that run definitions without
/// systemd.
struct DefinitionSandbox {
    let directory: TemporaryDirectory
    let harness: RuntimeHarness
    let swctl: String
    var image: String { directory.path + "/rootfs" }
    var environment: [String] {
        [
            "SWCTL_ROOT=\(directory.path)/lib", "SWCTL_RUN=\(directory.path)/run",
            "SWCTL_DEFINITIONS_PATH=\(directory.path)/defs", "SWCTL_CONFIG=\(directory.path)/swctl.conf",
        ]
    }

    init(_ label: String) throws {
        directory = try TemporaryDirectory(label)
        harness = try RuntimeHarness()
        swctl = FileSystem.parentDirectory(of: harness.runtime) + "/swctl"
        // A mapped root reaches its root filesystem through here.
        chmod(directory.path, 0o711)
        try Busybox.makeRootfs(at: image)
    }

    /// Writes `defs/NAME.container`.
    func define(_ name: String, _ text: String) throws {
        try directory.write("defs/\(name).container", text)
    }

    /// A directory anyone may write to (a volume for mapped roots).
    func makeSharedDirectory(_ relativePath: String) throws {
        try FileSystem.makeDirectories(directory.path + "/" + relativePath)
        chmod(directory.path + "/" + relativePath, 0o1777)
    }

    func remove() {
        harness.remove()
        directory.remove()
    }

    func prepare(_ name: String) throws -> Subprocess.Result {
        try Subprocess.run(swctl, ["prepare", name], addingEnvironment: environment)
    }

    /// prepare, run to the end, cleanup: the container's output.
    func run(_ name: String) throws -> Subprocess.Result {
        let prepare = try prepare(name)
        #expect(prepare.code == 0, "\(prepare.standardError)")
        let result = try harness(["run", "-b", "\(directory.path)/run/bundles/\(name)", RuntimeHarness.id(name)])
        let cleanup = try Subprocess.run(swctl, ["cleanup", name], addingEnvironment: environment)
        #expect(cleanup.code == 0, "\(cleanup.standardError)")
        return result
    }

    /// `[uid, gid]` of a path below the directory (a link itself), nil when
    /// there is none.
    func owner(_ relativePath: String) -> [UInt32]? {
        (try? FileSystem.status(directory.path + "/" + relativePath, followSymlinks: false)).flatMap { $0 }.map {
            [$0.uid, $0.gid]
        }
    }
}
