import Definitions
import Engine
import Glibc
import ImageSpec
import ImageStore
import JSON
import OCI
import Syscalls
import TestSupport
import Testing

@Suite struct ImageDefaultsTests {
    private let config = RunConfig(
        user: "app:wheel", env: ["PATH=/opt/bin", "A=1=2"], entrypoint: ["/entry"], cmd: ["serve", "-v"],
        workingDir: "/srv")

    private func definition(_ configure: (inout ContainerDefinition) -> Void = { _ in }) -> ContainerDefinition {
        var definition = ContainerDefinition(name: "web", sourcePath: "/d/web.container", image: "localhost/web:1")
        configure(&definition)
        return definition
    }

    @Test func theImageFillsWhatTheDefinitionLeavesOut() {
        let result = applyingImageDefaults(config, to: definition())
        #expect(result.entrypoint == ["/entry"])
        #expect(result.exec == ["serve", "-v"])
        #expect(result.workingDir == "/srv")
        #expect(result.user == "app")
        #expect(result.group == "wheel")
        #expect(imageEnvironment(config).map { "\($0.name)=\($0.value)" } == ["PATH=/opt/bin", "A=1=2"])
    }

    /// As `docker run IMAGE ARGS`: arguments replace Cmd, the entrypoint stays.
    @Test func execReplacesCmdOnly() {
        let result = applyingImageDefaults(config, to: definition { $0.exec = ["/bin/sh"] })
        #expect(result.entrypoint == ["/entry"])
        #expect(result.exec == ["/bin/sh"])
    }

    /// As `docker run --entrypoint`: the image's Cmd is dropped too.
    @Test func entrypointDropsTheImagesCmd() {
        let result = applyingImageDefaults(
            config,
            to: definition {
                $0.entrypoint = ["/bin/env"]; $0.workingDir = "/"
            })
        #expect(result.entrypoint == ["/bin/env"])
        #expect(result.exec == nil)
        #expect(result.workingDir == "/")
    }
}

@Suite(
    .serialized,
    .enabled(
        if: getuid() == 0 && FileSystem.exists("/bin/tar"),
        "mounts an overlay: needs root and tar; runs in make check as root"))
struct PrepareImageTests {
    /// Stores a two-layer image named localhost/web:1: the upper layer
    /// replaces /etc/motd and whites out /etc/gone.
    private func storeImage(stateRoot: String, scratch: TemporaryDirectory) throws {
        let store = ImageStore(stateRoot: stateRoot)
        try scratch.write("l1/etc/motd", "lower\n")
        try scratch.write("l1/etc/gone", "x")
        try scratch.write("l1/etc/passwd", "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n")
        try scratch.write("l2/etc/motd", "upper\n")
        try scratch.write("l2/etc/.wh.gone", "")
        var layers: [Descriptor] = []
        var diffIDs: [String] = []
        for name in ["l1", "l2"] {
            let tar = scratch.path + "/" + name + ".tar"
            #expect(try Subprocess.run("/bin/tar", ["-C", scratch.path + "/" + name, "-cf", tar, "."]).code == 0)
            let bytes = try FileSystem.readFile(tar)
            diffIDs.append(try store.content.ingest(bytes))
            layers.append(
                Descriptor(mediaType: MediaType.ociLayer, digest: diffIDs[diffIDs.count - 1], size: Int64(bytes.count)))
        }
        let config = ImageConfig(
            architecture: Platform.host.architecture, os: "linux",
            config: RunConfig(user: "app", env: ["PATH=/opt/bin"], cmd: ["/bin/serve"], workingDir: "/srv"),
            rootfs: RootFS(diffIDs: diffIDs))
        let configBytes = try JSONEncoder().encode(config)
        let configDigest = try store.content.ingest(configBytes)
        let manifest = Manifest(
            config: Descriptor(mediaType: MediaType.ociConfig, digest: configDigest, size: Int64(configBytes.count)),
            layers: layers)
        let manifestDigest = try store.content.ingest(try JSONEncoder().encode(manifest))
        try NameIndex.update(store.indexPath) { (index: inout NameIndex) throws(ImageStoreError) in
            index.set(repository: "localhost/web", tag: "1", digest: manifestDigest)
        }
    }

    @Test func anImageReferenceMountsItsLayersAndFillsTheSpec() throws {
        try TemporaryDirectory.with("prepare-image") { (scratch: TemporaryDirectory) throws(any Error) in
            let paths = StatePaths(persistentRoot: scratch.path + "/lib", volatileRoot: scratch.path + "/run")
            try storeImage(stateRoot: paths.persistentRoot, scratch: scratch)
            let definition = ContainerDefinition(
                name: "web", sourcePath: scratch.path + "/web.container", image: "localhost/web:1")
            let configPath = try Preparer(paths: paths).prepare(definition)
            defer { try? Cleaner(paths: paths).cleanup(name: "web") }
            let rootfs = paths.bundleRootfs("web")
            #expect(try FileSystem.readTextFile(rootfs + "/etc/motd") == "upper\n")
            #expect(!FileSystem.exists(rootfs + "/etc/gone"))
            let spec = try JSONDecoder().decode(Spec.self, from: try FileSystem.readFile(configPath))
            #expect(spec.process?.args == ["/bin/serve"])
            #expect(spec.process?.cwd == "/srv")
            #expect(spec.process?.user.uid == 1000)
            #expect(spec.process?.env?.contains("PATH=/opt/bin") == true)
        }
    }

    /// ReadOnly=yes: a read-only overlay of the layers, no writable layer at all.
    @Test func aReadOnlyContainerGetsNoWritableLayer() throws {
        try TemporaryDirectory.with("prepare-image") { (scratch: TemporaryDirectory) throws(any Error) in
            let paths = StatePaths(persistentRoot: scratch.path + "/lib", volatileRoot: scratch.path + "/run")
            try storeImage(stateRoot: paths.persistentRoot, scratch: scratch)
            var definition = ContainerDefinition(
                name: "web", sourcePath: scratch.path + "/web.container", image: "localhost/web:1")
            definition.readOnly = true
            let configPath = try Preparer(paths: paths).prepare(definition)
            let rootfs = paths.bundleRootfs("web")
            #expect(try FileSystem.readTextFile(rootfs + "/etc/motd") == "upper\n")
            #expect(!FileSystem.exists(rootfs + "/etc/gone"))
            #expect(throws: FileSystemError.self) { try FileSystem.writeFileAtomically(rootfs + "/etc/new", text: "x") }
            #expect(!FileSystem.exists(paths.writableLayer("web")))
            let spec = try JSONDecoder().decode(Spec.self, from: try FileSystem.readFile(configPath))
            #expect(spec.root?.readonly == true)
            try Cleaner(paths: paths).cleanup(name: "web")
            #expect(!FileSystem.exists(paths.bundle("web")))
        }
    }

    @Test func anUnknownImageIsOneClearError() throws {
        try TemporaryDirectory.with("prepare-image") { (scratch: TemporaryDirectory) throws(any Error) in
            let paths = StatePaths(persistentRoot: scratch.path + "/lib", volatileRoot: scratch.path + "/run")
            let definition = ContainerDefinition(name: "web", sourcePath: "/d/web.container", image: "localhost/nope:1")
            #expect {
                try Preparer(paths: paths).prepare(definition)
            } throws: { error in
                (error as? LifecycleError)?.description.contains(
                    "Image=localhost/nope:1: image localhost/nope:1: not in the store") == true
            }
            #expect(!FileSystem.exists(paths.bundle("web")))
        }
    }
}
