import Bundles
import Definitions
import Glibc
import JSON
import OCI
import Syscalls
import Testing

@testable import Engine

/// A scratch directory holding an image, the state roots and definitions;
/// removed (after unmounting anything left) when the test ends.
private final class Scratch {
    let root: String
    let paths: StatePaths
    let image: String

    init() throws {
        var template = Array("/tmp/swctl-engine-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard let made else { throw Errno(rawValue: errno) }
        root = String(cString: made)
        paths = StatePaths(persistentRoot: root + "/lib", volatileRoot: root + "/run")
        image = root + "/image"
        try FileSystem.makeDirectories(image + "/etc")
        try FileSystem.makeDirectories(image + "/bin")
        try FileSystem.writeFileAtomically(
            image + "/etc/passwd", text: "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n")
        try FileSystem.writeFileAtomically(image + "/etc/group", text: "root:x:0:\napp:x:1000:\nwheel:x:10:app\n")
        try FileSystem.writeFileAtomically(image + "/etc/motd", text: "from the image\n")
    }

    func definition(_ configure: (inout ContainerDefinition) -> Void = { _ in }) -> ContainerDefinition {
        var definition = ContainerDefinition(name: "web", sourcePath: root + "/defs/web.container", image: image)
        definition.exec = ["/bin/sh", "-c", "true"]
        configure(&definition)
        return definition
    }

    deinit {
        _ = umount2(paths.bundleRootfs("web"), Int32(MNT_DETACH))
        try? FileSystem.removeTree(root)
    }
}

private func isMounted(_ path: String) -> Bool {
    let mountinfo = (try? FileSystem.readTextFile("/proc/self/mountinfo")) ?? ""
    return mountinfo.split(separator: "\n").contains {
        $0.split(separator: " ").dropFirst(4).first.map(String.init) == path
    }
}

private func readSpec(_ path: String) throws -> Spec {
    try JSONDecoder().decode(Spec.self, from: try FileSystem.readFile(path))
}

@Suite(.serialized, .enabled(if: getuid() == 0, "mounts an overlay: needs root; runs in make check as root"))
struct PrepareCleanupTests {
    @Test func prepareMountsAFreshOverlayAndWritesTheSpec() throws {
        let scratch = try Scratch()
        let config = try Preparer(paths: scratch.paths).prepare(scratch.definition { $0.user = "app" })
        let rootfs = scratch.paths.bundleRootfs("web")
        #expect(isMounted(rootfs))
        #expect(try FileSystem.readTextFile(rootfs + "/etc/motd") == "from the image\n")
        // Writes land in the container's own layer, never in the image.
        try FileSystem.writeFileAtomically(rootfs + "/etc/motd", text: "changed\n")
        #expect(try FileSystem.readTextFile(scratch.image + "/etc/motd") == "from the image\n")
        #expect(FileSystem.exists(scratch.paths.upperDir("web") + "/etc/motd"))

        let spec = try readSpec(config)
        #expect(spec.root?.path == rootfs)
        #expect(spec.process?.user.uid == 1000)
        #expect(spec.process?.user.additionalGids == [10])
        #expect(spec.process?.env?.contains("HOME=/home/app") == true)
    }

    @Test func aNewStartGetsAFreshWritableLayer() throws {
        let scratch = try Scratch()
        let preparer = Preparer(paths: scratch.paths)
        try preparer.prepare(scratch.definition())
        try FileSystem.writeFileAtomically(scratch.paths.bundleRootfs("web") + "/left-over", text: "x")
        try preparer.prepare(scratch.definition())
        #expect(!FileSystem.exists(scratch.paths.bundleRootfs("web") + "/left-over"))
    }

    @Test func readOnlyUsesTheImageDirectlyWithoutAnOverlay() throws {
        let scratch = try Scratch()
        let config = try Preparer(paths: scratch.paths).prepare(scratch.definition { $0.readOnly = true })
        #expect(!isMounted(scratch.paths.bundleRootfs("web")))
        #expect(try readSpec(config).root == Root(path: scratch.image, readonly: true))
    }

    @Test func cleanupUndoesEverythingAndCanRunTwice() throws {
        let scratch = try Scratch()
        try Preparer(paths: scratch.paths).prepare(scratch.definition())
        let cleaner = Cleaner(paths: scratch.paths)
        try cleaner.cleanup(name: "web")
        try cleaner.cleanup(name: "web")
        #expect(!isMounted(scratch.paths.bundleRootfs("web")))
        #expect(!FileSystem.exists(scratch.paths.bundle("web")))
        #expect(!FileSystem.exists(scratch.paths.writableLayer("web")))
        #expect(FileSystem.exists(scratch.image + "/etc/motd"))
    }

    @Test func aMissingImageIsOneClearErrorAndLeavesNothing() throws {
        let scratch = try Scratch()
        let definition = scratch.definition { $0.image = scratch.root + "/nope" }
        #expect(
            throws: LifecycleError(
                "\(definition.sourcePath): Image=\(scratch.root)/nope: no such directory (a root filesystem directory is expected)"
            )
        ) { try Preparer(paths: scratch.paths).prepare(definition) }
        #expect(!FileSystem.exists(scratch.paths.bundle("web")))
    }

    @Test func aFailureAfterMountingUnmountsAndRemovesEverything() throws {
        let scratch = try Scratch()
        // Unknown user: fails after the overlay is mounted.
        #expect(throws: LifecycleError.self) {
            try Preparer(paths: scratch.paths).prepare(scratch.definition { $0.user = "nobody" })
        }
        #expect(!isMounted(scratch.paths.bundleRootfs("web")))
        #expect(!FileSystem.exists(scratch.paths.bundle("web")))
        #expect(!FileSystem.exists(scratch.paths.writableLayer("web")))
    }

    @Test func environmentFilesAreReadRelativeToTheDefinition() throws {
        let scratch = try Scratch()
        try FileSystem.makeDirectories(scratch.root + "/defs")
        try FileSystem.writeFileAtomically(scratch.root + "/defs/web.env", text: "MODE=prod\n")
        let config = try Preparer(paths: scratch.paths).prepare(
            scratch.definition { $0.environmentFiles = ["web.env"] })
        #expect(try readSpec(config).process?.env?.contains("MODE=prod") == true)
        let missing = scratch.definition { $0.environmentFiles = ["/nonexistent.env"] }
        #expect(throws: LifecycleError.self) { try Preparer(paths: scratch.paths).prepare(missing) }
        #expect(!FileSystem.exists(scratch.paths.bundle("web")))
    }

    @Test func removeTreeRefusesToDeleteThroughAMount() throws {
        let scratch = try Scratch()
        try Preparer(paths: scratch.paths).prepare(scratch.definition())
        #expect(throws: FileSystemError.self) { try FileSystem.removeTree(scratch.paths.bundle("web")) }
        #expect(FileSystem.exists(scratch.image + "/etc/motd"))
        #expect(FileSystem.exists(scratch.paths.bundleRootfs("web") + "/etc/motd"))
    }
}
