import Systemd
import Testing

@testable import Commands

@Suite("STATUS text, as docker words it")
struct ContainerStateTests {
    static let second: UInt64 = 1_000_000
    /// A realtime "now" far from the epoch, so "ago" arithmetic is realistic.
    static let nowSeconds: UInt64 = 1_795_946_400
    static let now = Timestamp(microseconds: Int64(nowSeconds * second))

    static func ago(_ seconds: UInt64) -> UInt64 { (nowSeconds - seconds) * second }

    @Test(
        "docker's durations",
        arguments: [
            (0, "Less than a second"), (1, "1 second"), (59, "59 seconds"), (60, "About a minute"),
            (119, "About a minute"), (120, "2 minutes"), (3599, "59 minutes"), (3600, "About an hour"),
            (5399, "About an hour"), (5400, "2 hours"), (47 * 3600, "47 hours"), (48 * 3600, "2 days"),
            (13 * 86400, "13 days"), (14 * 86400, "2 weeks"), (59 * 86400, "8 weeks"),
            (60 * 86400, "2 months"), (729 * 86400, "24 months"), (730 * 86400, "2 years"),
        ] as [(Int64, String)])
    func durations(seconds: Int64, text: String) {
        #expect(HumanDuration.describe(microseconds: seconds * 1_000_000) == text)
    }

    @Test("a running unit is Up since it became active")
    func running() {
        let unit = UnitProperties(
            activeState: "active", subState: "running", activeEnterTimestamp: Self.ago(180),
            inactiveExitTimestamp: Self.ago(181), mainPID: 42)
        let state = ContainerState(unit: unit)
        #expect(state == .running(since: Timestamp(systemd: Self.ago(180))))
        #expect(state.statusText(now: Self.now) == "Up 3 minutes")
        #expect(state.isRunning)
        #expect(state.keyword == "running")
    }

    @Test("a process that exited with a status: Exited (status) … ago")
    func exitedWithStatus() {
        let unit = UnitProperties(
            activeState: "failed", subState: "failed", inactiveEnterTimestamp: Self.ago(120),
            inactiveExitTimestamp: Self.ago(600), execMainCode: 1, execMainStatus: 1,
            execMainStartTimestamp: Self.ago(600), execMainExitTimestamp: Self.ago(120), result: "exit-code")
        let state = ContainerState(unit: unit)
        #expect(state.statusText(now: Self.now) == "Exited (1) 2 minutes ago")
        #expect(state.exitCode == 1)
        #expect(!state.isRunning)
    }

    @Test(
        "a process killed by a signal: Exited (128 + signal)",
        arguments: [(2, 9, 137), (2, 15, 143), (3, 11, 139), (1, 0, 0)] as [(Int32, Int32, Int32)])
    func exitedBySignal(code: Int32, status: Int32, shown: Int32) {
        let unit = UnitProperties(
            activeState: "inactive", inactiveEnterTimestamp: Self.ago(5), inactiveExitTimestamp: Self.ago(60),
            execMainCode: code, execMainStatus: status, execMainStartTimestamp: Self.ago(60),
            execMainExitTimestamp: Self.ago(5))
        #expect(ContainerState(unit: unit).statusText(now: Self.now) == "Exited (\(shown)) 5 seconds ago")
    }

    @Test("a start that failed before the process ran is Failed (result), not the last run's exit")
    func failedBeforeMain() {
        // The exit status is from a run an hour ago; this start failed in ExecStartPre.
        let unit = UnitProperties(
            activeState: "failed", subState: "failed", inactiveEnterTimestamp: Self.ago(1),
            inactiveExitTimestamp: Self.ago(2), execMainCode: 1, execMainStatus: 0,
            execMainStartTimestamp: Self.ago(4000), execMainExitTimestamp: Self.ago(3600), result: "exit-code")
        #expect(ContainerState(unit: unit).statusText(now: Self.now) == "Failed (exit-code) 1 second ago")
    }

    @Test("a loaded unit that never started is Created")
    func created() {
        let state = ContainerState(unit: UnitProperties())
        #expect(state == .created)
        #expect(state.statusText(now: Self.now) == "Created")
        #expect(state.since == nil)
    }

    @Test("transitional states")
    func transitions() {
        let restarting = UnitProperties(
            activeState: "activating", subState: "auto-restart", inactiveExitTimestamp: Self.ago(10),
            execMainCode: 1, execMainStatus: 2, execMainStartTimestamp: Self.ago(10),
            execMainExitTimestamp: Self.ago(1))
        #expect(ContainerState(unit: restarting).statusText(now: Self.now) == "Restarting (2) 1 second ago")
        let starting = UnitProperties(activeState: "activating", subState: "start-pre")
        #expect(ContainerState(unit: starting).statusText(now: Self.now) == "Starting")
        #expect(ContainerState(unit: starting).isRunning)
        let stopping = UnitProperties(activeState: "deactivating", subState: "stop-sigterm")
        #expect(ContainerState(unit: stopping).statusText(now: Self.now) == "Stopping")
    }

    @Test("the journal's memory of an unloaded unit")
    func fromJournal() {
        let time = Timestamp(systemd: Self.ago(30))
        let success = ContainerState(lastEnd: UnitEndMessage.success, result: nil, at: Self.now)
        #expect(success?.statusText(now: Self.now) == "Exited Less than a second ago")
        #expect(success?.exitCode == nil)
        if let time {
            let failure = ContainerState(lastEnd: UnitEndMessage.failure, result: "timeout", at: time)
            #expect(failure?.statusText(now: Self.now) == "Failed (timeout) 30 seconds ago")
        }
        #expect(ContainerState(lastEnd: "39f53479d3a045ac8e11786248231fbf", result: nil, at: Self.now) == nil)
        #expect(ContainerState.defined.statusText(now: Self.now) == "Defined")
    }
}
