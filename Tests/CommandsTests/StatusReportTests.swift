import Systemd
import Testing

@testable import Commands

@Suite("status report")
struct StatusReportTests {
    static let clock = WallClock(now: Timestamp(microseconds: 1_795_946_400_000_000), utcOffset: 3600)

    @Test("a running container: state, since, PID, resources")
    func running() {
        let unit = UnitProperties(
            activeState: "active", subState: "running", activeEnterTimestamp: 1_795_946_220_000_000,
            inactiveExitTimestamp: 1_795_946_219_000_000, mainPID: 4242, memoryBytes: 12_897_484,
            cpuNanoseconds: 1_234_000_000, tasks: 3)
        let definition = DefinitionSummary(
            name: "web", image: "localhost/httpd:2.4", sourcePath: "/etc/swctl/containers/web.container")
        let expected = """
            Name:       web
            Unit:       ctr@web.service
            State:      active (running) since 2026-11-29T10:57:00+01:00; 3 minutes ago
            Status:     Up 3 minutes
            Main PID:   4242
            Image:      localhost/httpd:2.4
            Definition: /etc/swctl/containers/web.container
            Memory:     12.3M
            CPU:        1.234s
            Tasks:      3

            """
        #expect(StatusReport.render(name: "web", unit: unit, definition: definition, clock: Self.clock) == expected)
    }

    @Test("counters systemd does not keep are '-'; a failure shows its result")
    func unaccounted() {
        let unit = UnitProperties(
            activeState: "failed", subState: "failed", inactiveEnterTimestamp: 1_795_946_399_000_000,
            inactiveExitTimestamp: 1_795_946_398_000_000, result: "exit-code", restarts: 2)
        let text = StatusReport.render(name: "db", unit: unit, definition: nil, clock: Self.clock)
        #expect(text.contains("Memory:     -\n"))
        #expect(text.contains("CPU:        -\n"))
        #expect(text.contains("Tasks:      -\n"))
        #expect(text.contains("Main PID:   -\n"))
        #expect(text.contains("Result:     exit-code\n"))
        #expect(text.contains("Restarts:   2\n"))
        #expect(text.contains("Status:     Failed (exit-code) 1 second ago\n"))
        #expect(text.contains("Definition: -\n"))
    }

    @Test("a definition whose unit is not loaded")
    func notLoaded() {
        let definition = DefinitionSummary(
            name: "idle", image: "img", sourcePath: "/etc/swctl/containers/idle.container")
        let text = StatusReport.render(name: "idle", unit: nil, definition: definition, clock: Self.clock)
        #expect(text.contains("Unit:       ctr@idle.service (not loaded)\n"))
        #expect(text.contains("Status:     Defined\n"))
        #expect(!text.contains("Main PID"))
    }

    @Test(
        "memory in binary units, CPU time like systemctl",
        arguments: [
            (UInt64(0), "0B"), (1023, "1023B"), (1024, "1.0K"), (1536, "1.5K"), (12_897_484, "12.3M"),
            (1 << 30, "1.0G"),
        ])
    func bytes(value: UInt64, text: String) {
        #expect(Quantities.bytes(value) == text)
    }

    @Test(
        "CPU time",
        arguments: [
            (UInt64(0), "0ms"), (250_000_000, "250ms"), (1_234_000_000, "1.234s"), (1_005_000_000, "1.005s"),
            (123_456_000_000, "2min 3.456s"), (3_723_456_000_000, "1h 2min 3.456s"),
        ])
    func cpu(nanoseconds: UInt64, text: String) {
        #expect(Quantities.cpu(nanoseconds: nanoseconds) == text)
    }
}
