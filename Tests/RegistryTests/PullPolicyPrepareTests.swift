import Definitions
import Engine
import ImageSpec
import ImageStore
import Registry
import Syscalls
import TestSupport
import Testing

/// `Pull=` as `swctl prepare` applies it, against the plain-HTTP registry.
@Suite(
    .serialized,
    .enabled(
        if: RegistryFixture.isAvailable,
        "needs root (overlay mount), docker-registry, skopeo, umoci, openssl, apache2-utils, jq, curl, busybox-static (scripts/deps.sh); runs in make test as root and in CI"
    ))
struct PullPolicyPrepareTests {
    let registry: RegistryFixture

    init() throws { registry = try RegistryFixture.shared(.plain) }

    private func prepare(_ name: String, pull: PullPolicy) throws -> (Preparer, ContainerDefinition, String) {
        let (state, config) = try registry.scratch(name)
        let paths = StatePaths(persistentRoot: state, volatileRoot: state + "/run")
        var definition = ContainerDefinition(
            name: name, sourcePath: "/etc/swctl/containers/\(name).container", image: "\(registry.domain)/multi:1")
        definition.pull = pull
        definition.network = .none
        let preparer = Preparer(paths: paths, hostEnvironment: ["SWCTL_CONFIG": config, "HOME": "/nonexistent"])
        return (preparer, definition, state)
    }

    @Test func missingPullsAnImageTheStoreLacks() throws {
        let (preparer, definition, state) = try prepare("pullmissing", pull: .missing)
        try preparer.prepare(definition)
        defer { try? Cleaner(paths: preparer.paths).cleanup(name: definition.name) }
        #expect(FileSystem.exists(preparer.paths.bundleRootfs(definition.name) + "/bin/busybox"))
        #expect(
            try ImageStore(stateRoot: state).digest(for: try ImageReference(parsing: definition.image)).hasPrefix(
                "sha256:"))
    }

    @Test func neverRefusesAMissingImageInOneLine() throws {
        let (preparer, definition, _) = try prepare("pullnever", pull: .never)
        #expect(
            throws: LifecycleError(
                "/etc/swctl/containers/pullnever.container: Image=\(definition.image): not in the image store and Pull=never (swctl image pull \(definition.image))"
            )
        ) { try preparer.prepare(definition) }
        #expect(!FileSystem.exists(preparer.paths.bundle(definition.name)))
    }

    @Test func aFailedPullNamesTheDefinitionAndTheRegistrysAnswer() throws {
        var (preparer, definition, _) = try prepare("pullnope", pull: .always)
        definition.image = "\(registry.domain)/multi:nope"
        #expect(
            throws: LifecycleError(
                "/etc/swctl/containers/pullnope.container: Image=\(definition.image): pull \(definition.image): manifest unknown (404)"
            )
        ) { try preparer.prepare(definition) }
    }
}
