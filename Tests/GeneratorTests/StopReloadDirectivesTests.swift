import Definitions
import Testing
import UnitFile

@testable import Generator

@Suite struct StopReloadDirectivesTests {
    private func service(_ change: (inout ContainerDefinition) -> Void) -> [String] {
        var definition = ContainerDefinition(
            name: "web", sourcePath: "/etc/swctl/containers/web.container", image: "/srv/web")
        change(&definition)
        let section = ContainerDropIn.unitFile(for: definition).sections.first { $0.name == "Service" }
        return (section?.entries ?? []).filter { ["TimeoutStopSec", "ExecReload"].contains($0.key) }.map {
            "\($0.key)=\($0.value)"
        }
    }

    @Test func nothingWithoutTheKeys() {
        #expect(service { _ in } == [])
    }

    @Test func stopTimeoutBecomesTimeoutStopSec() {
        #expect(service { $0.stopTimeout = 30 } == ["TimeoutStopSec=30"])
    }

    @Test func stopTimeoutZeroKillsAtOnceInsteadOfWaitingForever() {
        // To systemd TimeoutStopSec=0 means no timeout at all.
        #expect(service { $0.stopTimeout = 0 } == ["TimeoutStopSec=1ms"])
    }

    @Test func reloadSignalSignalsTheInitThroughSwctlKill() {
        #expect(service { $0.reload = .signal("SIGHUP") } == ["ExecReload=swctl kill --signal SIGHUP %i"])
    }

    @Test func reloadCmdRunsInTheContainerWithItsWordsProtectedFromSystemd() {
        let lines = service { $0.reload = .command(["/bin/sh", "-c", "kill -HUP 1 && echo 100% $HOME"]) }
        #expect(lines == [#"ExecReload=swctl exec %i "/bin/sh" "-c" "kill -HUP 1 && echo 100%% $$HOME""#])
    }

    @Test func theAdminsServiceLinesComeLaterAndWin() {
        var definition = ContainerDefinition(
            name: "web", sourcePath: "/etc/swctl/containers/web.container", image: "/srv/web")
        definition.stopTimeout = 30
        definition.serviceSection = [UnitFile.Entry(key: "TimeoutStopSec", value: "5", line: 9)]
        let section = ContainerDropIn.unitFile(for: definition).sections.first { $0.name == "Service" }
        let values = (section?.entries ?? []).filter { $0.key == "TimeoutStopSec" }.map(\.value)
        #expect(values == ["30", "5"])
    }
}
