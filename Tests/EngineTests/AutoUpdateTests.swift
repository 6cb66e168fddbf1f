import Definitions
import Engine
import ImageSpec
import ImageStore
import JSON
import OCI
import Syscalls
import TestSupport
import Testing

@Suite struct AutoUpdateCheckTests {
    private let reference = ImageReference(domain: "localhost", path: "web", tag: "1", digest: nil)
    private func check(running: String?, local: String?, remote: String? = nil) -> AutoUpdateCheck {
        AutoUpdateCheck(reference: reference, running: running, local: local, remote: remote)
    }

    @Test func localPolicyIsPendingWhenTheNameMovedAwayFromWhatRuns() {
        #expect(check(running: "sha256:a", local: "sha256:a").isPending == false)
        #expect(check(running: "sha256:a", local: "sha256:b").isPending == true)
    }

    @Test func registryPolicyIsPendingWhenTheRegistryHasAnotherImage() {
        #expect(check(running: "sha256:a", local: "sha256:a", remote: "sha256:a").isPending == false)
        #expect(check(running: "sha256:a", local: "sha256:a", remote: "sha256:b").isPending == true)
        // Pulled earlier, not restarted since: the restart is still due.
        #expect(check(running: "sha256:a", local: "sha256:b", remote: "sha256:b").isPending == true)
    }

    @Test func nothingIsPendingWithoutARecordOfWhatRuns() {
        #expect(check(running: nil, local: "sha256:b").isPending == false)
    }
}

/// The store side of `swctl auto-update` on files in a temporary directory.
@Suite struct AutoUpdaterTests {
    private func withUpdater(
        _ definitions: [String: String], _ body: (AutoUpdater, TemporaryDirectory) throws -> Void
    ) throws {
        try TemporaryDirectory.with("autoupdate") { directory in
            for (name, text) in definitions { try directory.write("defs/\(name).container", text) }
            let updater = AutoUpdater(
                paths: StatePaths(persistentRoot: directory.path + "/lib", volatileRoot: directory.path + "/run"),
                definitions: DefinitionStore(searchPath: [directory.path + "/defs"]), environment: [:])
            try FileSystem.makeDirectories(directory.path + "/lib/images")
            try body(updater, directory)
        }
    }

    /// A bundle whose spec records `digest` as the image it was made from.
    private func writeBundle(_ name: String, digest: String, in updater: AutoUpdater) throws {
        let spec = Spec(annotations: [AutoUpdateAnnotation.imageDigest: digest])
        try FileSystem.makeDirectories(updater.paths.bundle(name))
        try FileSystem.writeFileAtomically(updater.paths.bundleConfig(name), contents: try JSONEncoder().encode(spec))
    }

    @Test func onlyDefinitionsWithAutoUpdateAreTargets() throws {
        try withUpdater([
            "web": "[Container]\nImage=localhost/web:1\nAutoUpdate=local\n",
            "db": "[Container]\nImage=localhost/db:1\n",
            "api": "[Container]\nImage=registry.example/api:2\nAutoUpdate=registry\n",
        ]) { updater, _ in
            #expect(
                updater.targets() == [
                    AutoUpdateTarget(
                        name: "api", unit: "ctr@api.service", image: "registry.example/api:2", policy: .registry),
                    AutoUpdateTarget(name: "web", unit: "ctr@web.service", image: "localhost/web:1", policy: .local),
                ])
        }
    }

    @Test func aMovedLocalNameIsPendingAndARollBackPointsItBack() throws {
        try withUpdater(["web": "[Container]\nImage=localhost/web:1\nAutoUpdate=local\n"]) { updater, _ in
            let store = ImageStore(stateRoot: updater.paths.persistentRoot)
            let old = "sha256:" + String(repeating: "a", count: 64)
            let new = "sha256:" + String(repeating: "b", count: 64)
            try NameIndex.update(store.indexPath) { (index: inout NameIndex) throws(ImageStoreError) in
                index.set(repository: "localhost/web", tag: "1", digest: new)
            }
            try writeBundle("web", digest: old, in: updater)
            let target = try #require(updater.targets().first)
            let check = try updater.check(target)
            #expect(check.running == old)
            #expect(check.local == new)
            #expect(check.isPending)

            try updater.pointName(of: check, at: old)
            #expect(try updater.check(target).isPending == false)
            #expect(try NameIndex.load(store.indexPath).digest(repository: "localhost/web", tag: "1") == old)
        }
    }

    @Test func aPathOrAPinnedImageCannotBeUpdated() throws {
        // The parser refuses these definitions; an image file's reference
        // reaches the updater unchecked, so it checks again.
        let pinned = "localhost/web@sha256:\(String(repeating: "c", count: 64))"
        let targets = [
            AutoUpdateTarget(name: "dir", unit: "ctr@dir.service", image: "/srv/rootfs", policy: .local),
            AutoUpdateTarget(name: "local", unit: "ctr@local.service", image: "localhost/web:1", policy: .registry),
            AutoUpdateTarget(name: "pinned", unit: "ctr@pinned.service", image: pinned, policy: .local),
        ]
        try withUpdater([:]) { updater, _ in
            let messages = targets.map { target in
                do throws(LifecycleError) {
                    _ = try updater.check(target)
                    return "no error"
                } catch {
                    return error.message
                }
            }
            #expect(
                messages == [
                    "dir: AutoUpdate: local needs an image with a tag, and Image= is a directory (use Image=REGISTRY/NAME:TAG)",
                    "local: AutoUpdate: registry needs an image from a registry, and 'localhost/web:1' is a local name (use AutoUpdate=local)",
                    "pinned: AutoUpdate: local follows a tag, and '\(pinned)' is pinned to a digest (use a tag, e.g. :latest)",
                ])
        }
    }
}
