import Systemd
import Testing

@testable import Commands

@Suite("a paused (frozen) container, as docker shows it")
struct PauseRenderingTests {
    static let nowMicroseconds: UInt64 = 1_795_946_400_000_000
    static let clock = WallClock(now: Timestamp(microseconds: Int64(nowMicroseconds)), utcOffset: 0)

    static func frozen(_ freezerState: String = "frozen") -> UnitProperties {
        UnitProperties(
            activeState: "active", subState: "running", activeEnterTimestamp: nowMicroseconds - 180_000_000,
            inactiveExitTimestamp: nowMicroseconds - 181_000_000, mainPID: 42, freezerState: freezerState)
    }

    @Test("a frozen unit is Up … (Paused), state paused, still running")
    func paused() {
        let state = ContainerState(unit: Self.frozen())
        #expect(state == .paused(since: Timestamp(systemd: Self.nowMicroseconds - 180_000_000)))
        #expect(state.statusText(now: Self.clock.now) == "Up 3 minutes (Paused)")
        #expect(state.keyword == "paused")
        #expect(state.isRunning)
    }

    @Test("a unit being frozen or thawed is still just Up")
    func inTransition() {
        #expect(ContainerState(unit: Self.frozen("freezing")).statusText(now: Self.clock.now) == "Up 3 minutes")
        #expect(ContainerState(unit: Self.frozen("running")).statusText(now: Self.clock.now) == "Up 3 minutes")
    }

    @Test("ps shows the paused container's STATUS and state")
    func psRows() {
        let summary = ContainerSummary(name: "web", unit: Self.frozen(), definition: nil)
        let table = PsRendering.table([summary], now: Self.clock.now)
        #expect(table == "NAME   IMAGE   STATUS                  PORTS\nweb    -       Up 3 minutes (Paused)\n")
        let json = PsRendering.json([summary], now: Self.clock.now)
        #expect(json.contains(#""state":"paused","status":"Up 3 minutes (Paused)""#))
    }

    @Test("status shows the freezer state next to the unit's state")
    func statusReport() {
        let text = StatusReport.render(name: "web", unit: Self.frozen(), definition: nil, clock: Self.clock)
        #expect(text.contains("State:      active (running) (frozen) since 2026-11-29T09:57:00Z; 3 minutes ago\n"))
        #expect(text.contains("Status:     Up 3 minutes (Paused)\n"))
    }
}
