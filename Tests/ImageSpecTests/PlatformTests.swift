import ImageSpec
import Testing

@Suite struct PlatformTests {
    private func entry(_ platform: String, _ id: String) throws -> Descriptor {
        let parsed = try #require(Platform(parsing: platform))
        return Descriptor(
            mediaType: MediaType.ociManifest, digest: "sha256:" + id, size: 1, platform: parsed)
    }

    @Test func parsesAndNormalisesMachineNames() throws {
        #expect(Platform(parsing: "linux/x86_64") == Platform(architecture: "amd64", os: "linux"))
        #expect(Platform(parsing: "linux/aarch64")?.architecture == "arm64")
        #expect(Platform(parsing: "linux/arm/v7")?.variant == "v7")
        #expect(Platform(parsing: "linux") == nil)
        #expect(Platform(parsing: "linux//v7") == nil)
        #expect(Platform(architecture: "arm", os: "linux", variant: "v6").description == "linux/arm/v6")
    }

    @Test func picksTheHostPlatformFromAMultiArchIndex() throws {
        let manifests = [
            try entry("linux/arm64/v8", "arm64"), try entry("linux/amd64", "amd64"),
            try entry("windows/amd64", "win"), try entry("linux/arm/v7", "arm"),
        ]
        let host = Platform(architecture: "amd64", os: "linux")
        #expect(Platform.best(of: manifests, for: host)?.digest == "sha256:amd64")
        let arm64 = Platform(architecture: "arm64", os: "linux")
        #expect(Platform.best(of: manifests, for: arm64)?.digest == "sha256:arm64")
    }

    @Test func nothingRunsWhenNoEntryFits() throws {
        let manifests = [try entry("linux/arm64", "a"), try entry("windows/amd64", "b")]
        #expect(Platform.best(of: manifests, for: Platform(architecture: "amd64", os: "linux")) == nil)
    }

    @Test func entriesWithoutPlatformAreSkipped() {
        let attestation = Descriptor(mediaType: MediaType.ociManifest, digest: "sha256:att", size: 1)
        #expect(Platform.best(of: [attestation], for: Platform(architecture: "amd64", os: "linux")) == nil)
    }

    @Test func amd64VariantsRunOnHostsOfThatLevelOrNewer() throws {
        let v3 = Platform(architecture: "amd64", os: "linux", variant: "v3")
        let v2 = Platform(architecture: "amd64", os: "linux", variant: "v2")
        #expect(v3.rank(on: v2) == nil)
        #expect(v2.rank(on: v3) != nil)
        // The exact level wins over the baseline on a v3 host.
        let manifests = [try entry("linux/amd64", "v1"), try entry("linux/amd64/v3", "v3")]
        #expect(Platform.best(of: manifests, for: v3)?.digest == "sha256:v3")
        // A host that does not state its level gets the baseline, which runs everywhere.
        let plain = Platform(architecture: "amd64", os: "linux")
        #expect(Platform.best(of: manifests, for: plain)?.digest == "sha256:v1")
    }

    @Test func arm64WithoutVariantIsV8AndArmV7HostRunsV6() throws {
        let arm64 = Platform(architecture: "arm64", os: "linux", variant: "v8")
        #expect(Platform(architecture: "arm64", os: "linux").rank(on: arm64) == 100)
        let armV7 = Platform(architecture: "arm", os: "linux", variant: "v7")
        #expect(Platform(architecture: "arm", os: "linux", variant: "v6").rank(on: armV7) != nil)
        #expect(Platform(architecture: "arm", os: "linux", variant: "v8").rank(on: armV7) == nil)
    }
}
