import Bundles
import Definitions
import Glibc
import JSON
import OCI
import Syscalls
import TestSupport
import Testing

@testable import Engine

/// The named-volume store: what `swctl volume` and `swctl prepare` do with
/// `/var/lib/swctl/volumes` (moved into a scratch directory).
@Suite struct VolumeStoreTests {
    @Test func createListRemove() throws {
        try TemporaryDirectory.with("vol") { dir in
            let store = VolumeStore(paths: StatePaths(persistentRoot: dir.path, volatileRoot: dir.path + "/run"))
            var options = VolumeOptions()
            options.labels = [NetworkDefinition.Label(key: "app", value: "db")]
            options.copy = false
            try store.create("data", options: options)
            #expect(throws: VolumeError.self) { try store.create("data", options: VolumeOptions()) }
            #expect(try store.create("data", options: VolumeOptions(), existingOK: true).options == options)
            #expect(try store.list().map(\.name) == ["data"])
            #expect(store.volume("data")?.dataPath == dir.path + "/volumes/data/_data")
            try store.remove("data")
            #expect(try store.list().isEmpty)
            #expect(throws: VolumeError.self) { try store.remove("data") }
            #expect(throws: VolumeError.self) { try store.create("-bad", options: VolumeOptions()) }
        }
    }

    @Test func optionsRoundTrip() {
        var options = VolumeOptions()
        options.uid = 999
        options.gid = 998
        options.device = "/dev/vdb"
        options.type = "ext4"
        options.mountOptions = "noatime,discard"
        options.sourcePath = "/etc/swctl/containers/data.volume"
        options.labels = [NetworkDefinition.Label(key: "a", value: "b=c")]
        #expect(VolumeStore.parseOptions(VolumeStore.optionsText(options)) == options)
    }

    @Test func mountOptionsSplitIntoFlagsAndData() {
        let (flags, data) = VolumeStore.mountFlags("ro,nosuid,size=64m,rw,mode=0755,noatime")
        #expect(flags == [.readOnly, .noSetuid, .noAccessTime])
        #expect(data == "size=64m,mode=0755")
    }

    @Test(.enabled(if: getuid() == 0, "copies owners: needs root; runs in make check as root"))
    func copyInFillsAnEmptyVolumeOnceAndNeverFollowsALink() throws {
        try TemporaryDirectory.with("vol") { dir in
            let store = VolumeStore(paths: StatePaths(persistentRoot: dir.path, volatileRoot: dir.path + "/run"))
            try dir.write("root/srv/data/seed.txt", "seed\n")
            try dir.write("root/srv/data/sub/deep.txt", "deep\n")
            try FileSystem.replaceSymlink(at: dir.path + "/root/srv/escape", target: "/etc")
            let volume = try store.create("data", options: VolumeOptions())
            try store.copyIn("data", from: dir.path + "/root", at: "/srv/data")
            #expect(try FileSystem.readTextFile(volume.dataPath + "/sub/deep.txt") == "deep\n")
            // Not empty any more: a second copy changes nothing.
            try FileSystem.writeFileAtomically(volume.dataPath + "/seed.txt", text: "changed\n")
            try store.copyIn("data", from: dir.path + "/root", at: "/srv/data")
            #expect(try FileSystem.readTextFile(volume.dataPath + "/seed.txt") == "changed\n")
            // A link on the way could lead out of the image: nothing is copied.
            try store.create("other", options: VolumeOptions())
            try store.copyIn("other", from: dir.path + "/root", at: "/srv/escape")
            #expect(try FileSystem.listDirectory(dir.path + "/volumes/other/_data").isEmpty)
        }
    }
}

@Suite(.serialized, .enabled(if: getuid() == 0, "mounts an overlay: needs root; runs in make check as root"))
struct PrepareNamedVolumeTests {
    @Test func prepareMakesTheVolumeFillsItFromTheImageAndMountsIt() throws {
        try TemporaryDirectory.with("volprep") { dir in
            let paths = StatePaths(persistentRoot: dir.path + "/lib", volatileRoot: dir.path + "/run")
            try dir.write("image/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n")
            try dir.write("image/etc/group", "root:x:0:\n")
            try dir.write("image/var/lib/app/initial.conf", "from the image\n")
            var definition = ContainerDefinition(
                name: "web", sourcePath: dir.path + "/web.container", image: dir.path + "/image")
            definition.exec = ["/bin/sh"]
            definition.network = .none
            var mount = VolumeMount(source: "", destination: "/var/lib/app")
            mount.volume = "appdata"
            definition.volumes = [mount]
            let preparer = Preparer(paths: paths, hostEnvironment: ["SWCTL_DEFINITIONS_PATH": dir.path + "/defs"])
            defer { try? Cleaner(paths: paths).cleanup(name: "web", runtimeDelete: false) }
            let config = try preparer.prepare(definition)
            let spec = try JSONDecoder().decode(Spec.self, from: try FileSystem.readFile(config))
            let data = dir.path + "/lib/volumes/appdata/_data"
            #expect(spec.mounts?.contains { $0.destination == "/var/lib/app" && $0.source == data } == true)
            #expect(try FileSystem.readTextFile(data + "/initial.conf") == "from the image\n")
        }
    }
}
