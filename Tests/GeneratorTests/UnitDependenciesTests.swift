import Definitions
import Testing
import UnitFile

@testable import Generator

/// Quadlet's rewriting of `[Unit]` dependencies and the dependencies a
/// container's own keys add, as they appear in its drop-in.
@Suite struct UnitDependenciesTests {
    private func unitLines(_ text: String) -> [String] {
        let path = "/etc/swctl/containers/web.container"
        let result = ContainerDefinition.parse(text: text, path: path)
        guard let definition = result.definition else {
            Issue.record("definition has errors: \(result.diagnostics)")
            return []
        }
        let unit = ContainerDropIn.unitFile(for: definition).sections.first { $0.name == "Unit" }
        return (unit?.entries ?? []).filter { $0.key != "SourcePath" }.map { "\($0.key)=\($0.value)" }
    }

    @Test(arguments: Array(UnitDependencies.keys).sorted())
    func everyUnitListKeyNamingAContainerFileNamesItsUnit(_ key: String) {
        #expect(unitLines("[Unit]\n\(key)=db.container\n[Container]\nImage=/i\n") == ["\(key)=ctr@db.service"])
    }

    @Test func volumeAndImageFilesNameTheirUnitsAndPlainUnitsStay() {
        #expect(
            unitLines("[Unit]\nAfter=data.volume app.image network-online.target db.container\n[Container]\nImage=/i\n")
                == ["After=swctl-volume@data.service swctl-image@app.service network-online.target ctr@db.service"])
    }

    @Test func aTemplateInstanceFileNamesTheInstanceUnit() {
        #expect(
            unitLines("[Unit]\nWants=web@blue.container\n[Container]\nImage=/i\n") == ["Wants=ctr@web@blue.service"])
    }

    @Test func aNetworkFileHasNoUnitAndIsDropped() {
        #expect(
            unitLines("[Unit]\nAfter=front.network db.container\nRequires=front.network\n[Container]\nImage=/i\n")
                == ["After=ctr@db.service"])
    }

    @Test func keysThatAreNoUnitListsAreLeftAlone() {
        #expect(
            unitLines(
                "[Unit]\nDescription=uses db.container\nDocumentation=https://x/db.container\n[Container]\nImage=/i\n")
                == ["Description=uses db.container", "Documentation=https://x/db.container"])
    }

    @Test func anEmptyAssignmentStillResetsTheKey() {
        #expect(unitLines("[Unit]\nAfter=\n[Container]\nImage=/i\n") == ["After="])
    }

    @Test func aVolumeFileMountRequiresAndOrdersAfterTheVolumeUnitOnce() {
        #expect(
            unitLines("[Container]\nImage=/i\nVolume=data.volume:/a\nVolume=data.volume:/b:ro\nVolume=cache:/c\n")
                == ["Requires=swctl-volume@data.service", "After=swctl-volume@data.service"])
    }

    @Test func anImageFileRequiresAndOrdersAfterTheImageUnit() {
        #expect(
            unitLines("[Container]\nImage=app.image\n").filter { !$0.hasSuffix("network-online.target") }
                == ["Requires=swctl-image@app.service", "After=swctl-image@app.service"])
    }

    @Test func networkOfAnotherContainerFileBindsToItsUnit() {
        #expect(
            unitLines("[Container]\nImage=/i\nNetwork=db.container\n") == [
                "BindsTo=ctr@db.service", "After=ctr@db.service",
            ])
    }
}

/// The units of `.volume` and `.image` files.
@Suite struct VolumeImageUnitsTests {
    @Test func aVolumeFileBecomesADropInForItsUnitWithItsUnitSection() throws {
        let parsed = VolumeDefinition.parse(
            text: "[Unit]\nDescription=Data\nAfter=db.container\n[Volume]\nVolumeName=appdata\n",
            path: "/etc/swctl/containers/data.volume")
        let volume = try #require(parsed.definition)
        let files = VolumeImageUnits.files(for: volume)
        #expect(files.map(\.path) == ["swctl-volume@data.service.d/50-swctl.conf"])
        let text = try #require(files.first?.text)
        #expect(text.contains("SourcePath=/etc/swctl/containers/data.volume\nDescription=Data\nAfter=ctr@db.service\n"))
    }

    @Test func anImageFileSetsWhatTheTemplatePulls() throws {
        let parsed = ImageDefinition.parse(
            text: "[Image]\nImage=localhost:5000/app:1\nArch=arm64\nVariant=v8\nAuthFile=/etc/swctl/auth.json\n",
            path: "/etc/swctl/containers/app.image")
        let image = try #require(parsed.definition)
        let text = try #require(VolumeImageUnits.files(for: image).first?.text)
        #expect(
            text.contains(
                "[Service]\nEnvironment=SWCTL_IMAGE=localhost:5000/app:1\nEnvironment=SWCTL_PULL_OPTIONS=--platform=linux/arm64/v8\nEnvironment=REGISTRY_AUTH_FILE=/etc/swctl/auth.json\n"
            ))
        #expect(VolumeImageUnits.files(for: image).map(\.path) == ["swctl-image@app.service.d/50-swctl.conf"])
    }

    @Test func anImageWithoutPlatformKeysPullsTheHostsPlatform() throws {
        let image = try #require(
            ImageDefinition.parse(text: "[Image]\nImage=docker.io/library/busybox\n", path: "/d/bb.image").definition)
        let text = try #require(VolumeImageUnits.files(for: image).first?.text)
        #expect(!text.contains("SWCTL_PULL_OPTIONS"))
        #expect(!text.contains("REGISTRY_AUTH_FILE"))
    }
}
