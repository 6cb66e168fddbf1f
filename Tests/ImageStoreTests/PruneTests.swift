import ImageSpec
import ImageStore
import Syscalls
import TestSupport
import Testing

@Suite(.enabled(if: FileSystem.exists("/bin/tar"), "needs GNU tar to write the tarballs"))
struct PruneTests {
    /// Imports a one-file rootfs as `name`; returns the image.
    @discardableResult
    private func image(
        _ name: String, file: String, in directory: TemporaryDirectory, store: ImageStore
    ) throws -> ResolvedImage {
        try directory.write("\(name)-tree/\(file)", "content of \(name)\n")
        let tarball = directory.path + "/\(name).tar"
        #expect(
            try Subprocess.run("/bin/tar", ["-C", directory.path + "/\(name)-tree", "-cf", tarball, "."]).code == 0)
        let reference = try ImageReference(parsing: "localhost/\(name):1")
        _ = try store.importRootfs(tarball: tarball, as: reference)
        return try store.resolve(reference)
    }

    private func untag(_ name: String, in store: ImageStore) throws {
        try NameIndex.update(store.indexPath) { (index: inout NameIndex) throws(ImageStoreError) in
            index.remove(repository: "localhost/\(name)", tag: "1")
        }
    }

    /// Every blob of an image: manifest, config, layers.
    private func blobs(of image: ResolvedImage) -> Set<String> {
        Set([image.manifestDigest, image.manifest.config.digest] + image.manifest.layers.map(\.digest))
    }

    @Test func removesWhatNoNameReaches() throws {
        try TemporaryDirectory.with("prune") { (directory: TemporaryDirectory) throws(any Error) in
            let store = ImageStore(stateRoot: directory.path + "/state")
            let kept = try image("kept", file: "a", in: directory, store: store)
            let gone = try image("gone", file: "b", in: directory, store: store)
            try untag("gone", in: store)
            let report = try store.prune(PruneOptions(), mountinfo: "")
            #expect(Set(report.deletedBlobs) == blobs(of: gone))
            #expect(report.deletedLayers == gone.config.rootfs.diffIDs)
            #expect(report.untagged.isEmpty)
            #expect(report.reclaimedBytes > 0)
            #expect(!FileSystem.exists(gone.layers[0]))
            // The named image is whole and still resolves.
            #expect(blobs(of: kept).allSatisfy(store.content.contains))
            #expect(try store.resolve(try ImageReference(parsing: "localhost/kept:1")).layers == kept.layers)
            // Nothing left to do the second time.
            #expect(try store.prune(PruneOptions(), mountinfo: "") == PruneReport())
        }
    }

    /// `-a` removes the names of images no definition uses, never one that is used,
    /// by tag or pinned by digest.
    @Test func allKeepsImagesDefinitionsUse() throws {
        try TemporaryDirectory.with("prune") { (directory: TemporaryDirectory) throws(any Error) in
            let store = ImageStore(stateRoot: directory.path + "/state")
            let used = try image("used", file: "a", in: directory, store: store)
            let pinned = try image("pinned", file: "b", in: directory, store: store)
            let unused = try image("unused", file: "c", in: directory, store: store)
            try untag("pinned", in: store)
            let inUse = [
                try ImageReference(parsing: "localhost/used:1"),
                try ImageReference(parsing: "localhost/pinned@" + pinned.digest),
            ]
            let report = try store.prune(PruneOptions(all: true, inUse: inUse), mountinfo: "")
            #expect(report.untagged == ["localhost/unused:1"])
            #expect(Set(report.deletedBlobs) == blobs(of: unused))
            #expect(blobs(of: used).union(blobs(of: pinned)).allSatisfy(store.content.contains))
            #expect(FileSystem.exists(used.layers[0]) && FileSystem.exists(pinned.layers[0]))
            #expect(try NameIndex.load(store.indexPath).entries.map(\.repository) == ["localhost/used"])
        }
    }

    /// A running container's overlay keeps its layers even once its image lost its name.
    @Test func keepsLayersAMountedOverlayUses() throws {
        try TemporaryDirectory.with("prune") { (directory: TemporaryDirectory) throws(any Error) in
            let store = ImageStore(stateRoot: directory.path + "/state")
            let running = try image("running", file: "a", in: directory, store: store)
            try untag("running", in: store)
            let mountinfo = """
                25 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
                310 25 0:61 / /run/swctl/bundles/web/rootfs rw,relatime - overlay overlay rw,lowerdir=\(running.layers[0]),upperdir=/var/lib/swctl/containers/web/upper,workdir=/var/lib/swctl/containers/web/work
                """
            let report = try store.prune(PruneOptions(), mountinfo: mountinfo)
            #expect(report.deletedLayers.isEmpty)
            #expect(FileSystem.exists(running.layers[0]))
            #expect(Set(report.deletedBlobs) == blobs(of: running))
        }
    }

    /// A layer a crash left half unpacked goes; unknown files stay.
    @Test func removesHalfUnpackedLayers() throws {
        try TemporaryDirectory.with("prune") { (directory: TemporaryDirectory) throws(any Error) in
            let store = ImageStore(stateRoot: directory.path + "/state")
            try image("base", file: "a", in: directory, store: store)
            let stale = store.layersDirectory + "/.unpack-4242-1"
            try FileSystem.makeDirectories(stale + "/usr/bin")
            try directory.write("state/images/layers/.unpack-4242-1/usr/bin/tool", String(repeating: "x", count: 1000))
            try directory.write("state/images/layers/README", "not a layer\n")
            let report = try store.prune(PruneOptions(), mountinfo: "")
            #expect(!FileSystem.exists(stale))
            #expect(report.reclaimedBytes == 1000)
            #expect(FileSystem.exists(store.layersDirectory + "/README"))
        }
    }

    /// A half-written blob of a process that is gone goes; one of a live process stays.
    @Test func removesAbandonedIngests() throws {
        try TemporaryDirectory.with("prune") { (directory: TemporaryDirectory) throws(any Error) in
            let store = ImageStore(stateRoot: directory.path + "/state")
            try image("base", file: "a", in: directory, store: store)
            // PID 2^22 + 1 is above the kernel's pid_max: never a live process.
            try directory.write("state/images/ingest/4194305-12345", String(repeating: "x", count: 700))
            try directory.write("state/images/ingest/\(Processes.currentID)-1", "live")
            try directory.write("state/images/ingest/abc.partial", "a pull's resumable download")
            let report = try store.prune(PruneOptions(), mountinfo: "")
            #expect(report.reclaimedBytes == 700)
            let left = try FileSystem.listDirectory(store.content.ingestDirectory).map(\.name).sorted()
            #expect(left == ["\(Processes.currentID)-1", "abc.partial"])
        }
    }

    /// While a load, import, pull or start holds the store shared, prune waits.
    @Test func waitsForSharedHolders() async throws {
        let directory = try TemporaryDirectory("prune")
        defer { directory.remove() }
        let store = ImageStore(stateRoot: directory.path + "/state")
        let gone = try image("gone", file: "a", in: directory, store: store)
        try untag("gone", in: store)
        let lock = try store.lockShared()
        let pruning = Task.detached { () throws -> PruneReport in try store.prune(PruneOptions(), mountinfo: "") }
        try await Task.sleep(for: .milliseconds(300))
        #expect(blobs(of: gone).allSatisfy(store.content.contains), "prune ran while the store was held shared")
        lock?.unlock()
        let report = try await pruning.value
        #expect(Set(report.deletedBlobs) == blobs(of: gone))
    }
}
