import Definitions
import Testing

@testable import Engine

/// The state machine with an injected clock: results carry their own times.
@Suite struct HealthStateTests {
    let started: Int64 = 1_000_000_000
    private func check(_ change: (inout HealthCheck) -> Void = { _ in }) -> HealthCheck {
        var check = HealthCheck(command: .shell("true"))
        change(&check)
        return check
    }

    /// A result `seconds` after the container started.
    private func result(_ exitCode: Int32, at seconds: Int64, output: String = "", startup: Bool = false)
        -> HealthResult
    {
        let start = started + seconds * 1_000_000
        return HealthResult(start: start, end: start + 1000, exitCode: exitCode, output: output, startup: startup)
    }

    @Test func healthyOnTheFirstPassUnhealthyAfterRetriesFailures() {
        let check = check { $0.retries = 3 }
        var state = HealthState(for: check, containerPID: 42, containerStart: started)
        #expect(state.status == .starting)
        #expect(state.record(result(0, at: 30), check: check) == [.becameHealthy])
        #expect(state.status == .healthy)
        #expect(state.record(result(1, at: 60), check: check) == [])
        #expect(state.record(result(1, at: 90), check: check) == [])
        #expect(state.failingStreak == 2)
        #expect(state.status == .healthy)
        #expect(state.record(result(1, at: 120), check: check) == [.becameUnhealthy])
        #expect(state.status == .unhealthy)
        // Already unhealthy: no second event (HealthOnFailure= acts once).
        #expect(state.record(result(1, at: 150), check: check) == [])
        #expect(state.failingStreak == 4)
        #expect(state.record(result(0, at: 180), check: check) == [.becameHealthy])
        #expect(state.failingStreak == 0)
    }

    @Test func failuresInTheStartPeriodDoNotCount() {
        let check = check {
            $0.retries = 1
            $0.startPeriodMicroseconds = 60_000_000
        }
        var state = HealthState(for: check, containerPID: 42, containerStart: started)
        #expect(state.record(result(1, at: 10), check: check) == [])
        #expect(state.record(result(1, at: 50), check: check) == [])
        #expect(state.failingStreak == 0)
        #expect(state.status == .starting)
        #expect(state.record(result(1, at: 61), check: check) == [.becameUnhealthy])
    }

    @Test func aPassEndsTheStartPeriod() {
        let check = check {
            $0.retries = 1
            $0.startPeriodMicroseconds = 60_000_000
        }
        var state = HealthState(for: check, containerPID: 42, containerStart: started)
        #expect(state.record(result(0, at: 5), check: check) == [.becameHealthy])
        #expect(state.record(result(1, at: 10), check: check) == [.becameUnhealthy])
    }

    @Test func theStartupCheckRunsUntilItsSuccessesThenTheRegularOne() {
        let check = check {
            $0.startup = StartupHealthCheck(command: .shell("test -e /ready"), successes: 2)
        }
        var state = HealthState(for: check, containerPID: 42, containerStart: started)
        #expect(state.inStartup)
        #expect(state.record(result(1, at: 1, startup: true), check: check) == [])
        #expect(state.record(result(0, at: 2, startup: true), check: check) == [])
        #expect(state.inStartup)
        #expect(state.record(result(0, at: 3, startup: true), check: check) == [.startupPassed])
        #expect(!state.inStartup)
        // The startup check never makes the container healthy by itself.
        #expect(state.status == .starting)
        #expect(state.record(result(0, at: 4), check: check) == [.becameHealthy])
    }

    @Test func startupRetriesFailuresInARowAskForARestart() {
        let check = check { $0.startup = StartupHealthCheck(command: .shell("false"), retries: 2) }
        var state = HealthState(for: check, containerPID: 42, containerStart: started)
        #expect(state.record(result(1, at: 1, startup: true), check: check) == [])
        #expect(state.record(result(1, at: 2, startup: true), check: check) == [.startupFailed])
    }

    @Test func noStartupRetriesMeansItNeverGivesUp() {
        let check = check { $0.startup = StartupHealthCheck(command: .shell("false")) }
        var state = HealthState(for: check, containerPID: 42, containerStart: started)
        for second in 1...50 { #expect(state.record(result(1, at: Int64(second), startup: true), check: check) == []) }
        #expect(state.inStartup)
    }

    @Test func theLogKeepsMaxLogCountResultsCutToMaxLogSize() {
        let check = check {
            $0.maxLogCount = 3
            $0.maxLogSize = 5
        }
        var state = HealthState(for: check, containerPID: 42, containerStart: started)
        for second in 1...5 { _ = state.record(result(0, at: Int64(second), output: "result \(second)"), check: check) }
        #expect(state.log.map(\.output) == ["resul", "resul", "resul"])
        #expect(state.log.map(\.start) == [3, 4, 5].map { started + $0 * 1_000_000 })
    }

    @Test func zeroKeepsEverything() {
        let check = check {
            $0.maxLogCount = 0
            $0.maxLogSize = 0
        }
        var state = HealthState(for: check, containerPID: 42, containerStart: started)
        let long = String(repeating: "x", count: 10_000)
        for second in 1...20 { _ = state.record(result(0, at: Int64(second), output: long), check: check) }
        #expect(state.log.count == 20)
        #expect(state.log.allSatisfy { $0.output == long })
    }

    @Test func theStateFileBelongsToOneRunOfTheContainer() throws {
        let root = "/tmp/swctl-health-\(UInt64.random(in: 0...UInt64.max))"
        let store = HealthStateStore(paths: StatePaths(persistentRoot: root + "/lib", volatileRoot: root + "/run"))
        defer { store.remove("web") }
        let check = check()
        var state = HealthState(for: check, containerPID: 42, containerStart: started)
        _ = state.record(result(0, at: 1, output: "ok"), check: check)
        try store.save(state, name: "web", destination: .local)
        #expect(store.load("web", containerPID: 42) == state)
        #expect(store.load("web", containerPID: 43) == nil)
        #expect(store.statePath("web") == root + "/run/health/web.json")
    }
}
