import Definitions
import OCI
import Testing

@testable import Bundles

@Suite struct ResourceSpecTests {
    private func spec(_ change: (inout Definitions.Resources) -> Void) throws -> Spec {
        var definition = ContainerDefinition(
            name: "web", sourcePath: "/etc/swctl/containers/web.container", image: "/srv/images/busybox")
        definition.exec = ["/bin/true"]
        change(&definition.resources)
        return try buildSpec(SpecInputs(definition: definition, rootfsPath: "/r"))
    }

    @Test func ulimitsBecomeProcessRlimitsAndNoneLeavesTheInheritedOnes() throws {
        #expect(try spec { _ in }.process?.rlimits == nil)
        let limited = try spec {
            $0.ulimits = [
                ProcessLimit(resource: "RLIMIT_NOFILE", soft: 1024, hard: 2048),
                ProcessLimit(resource: "RLIMIT_CORE", soft: ProcessLimit.unlimited, hard: ProcessLimit.unlimited),
            ]
        }
        #expect(
            limited.process?.rlimits == [
                Rlimit(type: "RLIMIT_NOFILE", hard: 2048, soft: 1024),
                Rlimit(type: "RLIMIT_CORE", hard: UInt64.max, soft: UInt64.max),
            ])
    }

    @Test func shmSizeSetsTheSizeOfDevShmOnly() throws {
        let shm = { (spec: Spec) in spec.mounts?.first { $0.destination == "/dev/shm" }?.options ?? [] }
        #expect(try shm(spec { _ in }) == ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"])
        let sized = try spec { $0.shmSizeBytes = 268_435_456 }
        #expect(shm(sized) == ["nosuid", "noexec", "nodev", "mode=1777", "size=262144k"])
        #expect(try shm(spec { $0.shmSizeBytes = 1000 }) == ["nosuid", "noexec", "nodev", "mode=1777", "size=1k"])
        let dev = sized.mounts?.first { $0.destination == "/dev" }?.options ?? []
        #expect(dev.contains("size=65536k"))
    }
}
