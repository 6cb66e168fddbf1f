import Definitions
import Engine
import Systemd
import Testing

@testable import Commands

@Suite struct HealthRenderingTests {
    static let now = Timestamp(microseconds: 1_800_000_000_000_000)

    @Test(arguments: [
        ("healthy", "Up 3 minutes (healthy)"), ("unhealthy", "Up 3 minutes (unhealthy)"),
        ("starting", "Up 3 minutes (starting)"),
    ])
    func psShowsTheHealthAfterUp(health: String, status: String) {
        var web = ContainerSummary(
            name: "web", image: "localhost/web:1",
            state: .running(since: Timestamp(microseconds: Self.now.microseconds - 180_000_000)))
        web.health = health
        #expect(PsRendering.table([web], now: Self.now).contains(status))
        #expect(PsRendering.json([web], now: Self.now).contains("\"health\":\"\(health)\""))
    }

    @Test func statusShowsTheStreakAndTheLastResult() {
        let check = HealthCheck(command: .shell("false"))
        var state = HealthState(for: check, containerPID: 7, containerStart: 0)
        _ = state.record(
            HealthResult(start: 1_000_000, end: 2_000_000, exitCode: 1, output: "curl: (7) refused\n"), check: check)
        let rows = HealthSummary(state).rows
        #expect(rows.map(\.0) == ["Health", "Last check"])
        #expect(rows[0].1 == "starting (failing streak 1)")
        #expect(rows[1].1 == "1970-01-01T00:00:02Z, exit 1: curl: (7) refused")
    }

    @Test func inspectCarriesTheLog() {
        let check = HealthCheck(command: .shell("true"), maxLogCount: 2)
        var state = HealthState(for: check, containerPID: 7, containerStart: 0)
        for second in 1...3 {
            _ = state.record(
                HealthResult(
                    start: Int64(second) * 1_000_000, end: Int64(second) * 1_000_000, exitCode: 0, output: "ok"),
                check: check)
        }
        let summary = HealthSummary(state)
        #expect(summary.status == "healthy")
        #expect(summary.log.map(\.start) == ["1970-01-01T00:00:02Z", "1970-01-01T00:00:03Z"])
    }
}
