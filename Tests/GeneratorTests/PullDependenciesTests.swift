import Definitions
import Testing
import UnitFile

@testable import Generator

@Suite struct PullDependenciesTests {
    private func unitSection(image: String, pull: PullPolicy = .missing) -> [String] {
        var definition = ContainerDefinition(
            name: "web", sourcePath: "/etc/swctl/containers/web.container", image: image)
        definition.pull = pull
        let unit = ContainerDropIn.unitFile(for: definition).sections.first { $0.name == "Unit" }
        return (unit?.entries ?? []).filter { $0.key == "Wants" || $0.key == "After" }.map { "\($0.key)=\($0.value)" }
    }

    @Test(arguments: ["registry.example:5000/team/app:1", "docker.io/library/busybox", "localhost:5000/web:1"])
    func anImageItMayPullWaitsForTheNetwork(_ image: String) {
        #expect(unitSection(image: image) == ["Wants=network-online.target", "After=network-online.target"])
    }

    @Test func pullNeverAPathOrALocalImageAddsNothing() {
        #expect(unitSection(image: "registry.example/app:1", pull: .never) == [])
        #expect(unitSection(image: "/var/lib/machines/web") == [])
        #expect(unitSection(image: "localhost/web:1") == [])
    }
}
