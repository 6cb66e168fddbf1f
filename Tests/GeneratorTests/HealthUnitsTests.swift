import Definitions
import Testing
import UnitFile

@testable import Generator

@Suite struct HealthUnitsTests {
    private func definition(_ change: (inout ContainerDefinition) -> Void) -> ContainerDefinition {
        var definition = ContainerDefinition(
            name: "web", sourcePath: "/etc/swctl/containers/web.container", image: "localhost/web:1")
        change(&definition)
        return definition
    }

    private func lines(_ definition: ContainerDefinition, section: String) -> [String] {
        let found = ContainerDropIn.unitFile(for: definition).sections.first { $0.name == section }
        return (found?.entries ?? []).map { "\($0.key)=\($0.value)" }
    }

    @Test func aCheckMakesTheContainerWantItsTimer() {
        let checked = definition { $0.health.command = .command(.shell("true")) }
        #expect(lines(checked, section: "Unit").contains("Wants=ctr-health@web.timer"))
        let files = Generator().files(for: checked)
        let timer = files.first { $0.path == "ctr-health@web.timer.d/50-swctl.conf" }
        let text = timer?.text ?? ""
        #expect(text.contains("[Timer]\nOnActiveSec=\nOnActiveSec=30s\nOnUnitInactiveSec=30s\n"))
    }

    @Test func theStartupIntervalComesFirst() {
        let checked = definition {
            $0.health.command = .command(.shell("true"))
            $0.health.intervalMicroseconds = 90_000_000
            $0.health.startupCommand = .shell("test -e /ready")
            $0.health.startupIntervalMicroseconds = 2_000_000
        }
        let text = HealthUnits.files(for: checked).first?.text ?? ""
        #expect(text.contains("OnActiveSec=2s\n"))
        #expect(text.contains("OnUnitInactiveSec=1min 30s\n"))
    }

    @Test func anotherHealthKeyRunsTheImagesHealthcheck() {
        let fromImage = definition { $0.health.retries = 5 }
        #expect(HealthUnits.hasTimer(fromImage))
    }

    @Test func noTimerWithoutKeysWithNoneOrDisable() {
        #expect(!HealthUnits.hasTimer(definition { _ in }))
        #expect(!HealthUnits.hasTimer(definition { $0.health.command = .disabled }))
        #expect(
            !HealthUnits.hasTimer(
                definition {
                    $0.health.command = .command(.shell("true"))
                    $0.health.intervalMicroseconds = 0
                }))
        #expect(Generator().files(for: definition { _ in }).allSatisfy { !$0.path.hasPrefix("ctr-health@") })
        #expect(!lines(definition { _ in }, section: "Unit").contains { $0.hasPrefix("Wants=ctr-health@") })
    }

    @Test(arguments: [NotifyMode.yes, .healthy])
    func notifyLetsOtherProcessesSendReady(mode: NotifyMode) {
        #expect(lines(definition { $0.notify = mode }, section: "Service").contains("NotifyAccess=all"))
    }

    @Test func withoutNotifyOnlyTheMainProcessMay() {
        #expect(!lines(definition { _ in }, section: "Service").contains("NotifyAccess=all"))
    }
}
