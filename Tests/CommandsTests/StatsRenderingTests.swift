import Testing

@testable import Commands

@Suite("stats: counters read from cgroup and /proc text, shown as docker stats shows them")
struct StatsRenderingTests {
    @Test func cpuStatUsageIsFound() {
        let text = "usage_usec 7497354898\nuser_usec 6183622890\nsystem_usec 1313732007\n"
        #expect(ResourceFiles.keyedValue("usage_usec", in: text) == 7_497_354_898)
        #expect(ResourceFiles.keyedValue("nr_throttled", in: text) == nil)
    }

    @Test func maxIsNoNumber() {
        #expect(ResourceFiles.number("67108864\n") == 67_108_864)
        #expect(ResourceFiles.number("max\n") == nil)
    }

    @Test func ioStatSumsEveryDevice() {
        let text = """
            8:0 rbytes=1024 wbytes=4096 rios=1 wios=2 dbytes=0 dios=0
            254:0 rbytes=10 wbytes=0 rios=1 wios=0 dbytes=0 dios=0

            """
        let totals = ResourceFiles.ioTotals(text)
        #expect(totals.read == 1034)
        #expect(totals.written == 4096)
    }

    @Test func networkLeavesLoopbackOut() {
        let text = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:    6386      58    0    0    0     0          0         0     6386      58    0    0    0     0       0          0
              eth0:  123456     100    0    0    0     0          0         0     7890      50    0    0    0     0       0          0
              eth1:     100       1    0    0    0     0          0         0       10       1    0    0    0     0       0          0

            """
        let totals = ResourceFiles.networkTotals(text)
        #expect(totals.received == 123_556)
        #expect(totals.sent == 7900)
    }

    @Test func cpuPercentIsCPUTimeOverWallTime() {
        // 1.5 s of CPU in 1 s: one and a half cores.
        let row = StatsRendering.Row(
            name: "web",
            previous: ResourceSample(monotonicNanoseconds: 1_000_000_000, cpuMicroseconds: 500_000),
            current: ResourceSample(monotonicNanoseconds: 2_000_000_000, cpuMicroseconds: 2_000_000))
        #expect(StatsRendering.cpuHundredthsOfPercent(row) == 15_000)
        let same = StatsRendering.Row(name: "web", previous: row.current, current: row.current)
        #expect(StatsRendering.cpuHundredthsOfPercent(same) == nil)
    }

    @Test func tableShowsLimitOrHostMemoryAndDashesForTheUnknown() {
        let limited = ResourceSample(
            monotonicNanoseconds: 2_000_000_000, cpuMicroseconds: 1_005_000, memoryBytes: 16 * 1024 * 1024,
            memoryLimit: 64 * 1024 * 1024, pids: 3, blockRead: 4096, blockWritten: 0, networkReceived: 1536,
            networkSent: 512)
        let bare = ResourceSample(monotonicNanoseconds: 2_000_000_000, cpuMicroseconds: 1_000_000, pids: 1)
        let rows = [
            StatsRendering.Row(
                name: "db", previous: ResourceSample(monotonicNanoseconds: 1_000_000_000, cpuMicroseconds: 1_000_000),
                current: limited),
            StatsRendering.Row(
                name: "web",
                previous: ResourceSample(monotonicNanoseconds: 1_000_000_000, cpuMicroseconds: 1_000_000),
                current: bare),
        ]
        let lines = StatsRendering.table(rows, hostMemory: 8 * 1024 * 1024 * 1024).split(separator: "\n")
        #expect(lines.count == 3)
        let db = lines[1].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        #expect(db == ["db", "0.50%", "16.0M", "/", "64.0M", "25.00%", "1.5K", "/", "512B", "4.0K", "/", "0B", "3"])
        let web = lines[2].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        #expect(web == ["web", "0.00%", "--", "--", "--", "--", "1"])
    }

    @Test func jsonHasNumbersAndNulls() {
        let row = StatsRendering.Row(
            name: "web", previous: ResourceSample(monotonicNanoseconds: 0, cpuMicroseconds: 0),
            current: ResourceSample(
                monotonicNanoseconds: 1_000_000_000, cpuMicroseconds: 250_000, memoryBytes: 1000, pids: 2))
        let json = StatsRendering.json([row], hostMemory: 4000)
        #expect(
            json
                == "[\n  {\"name\":\"web\",\"cpuPercent\":25.00,\"cpuMicroseconds\":250000,\"memoryBytes\":1000,\"memoryLimitBytes\":4000,\"memoryPercent\":25.00,\"networkReceivedBytes\":null,\"networkSentBytes\":null,\"blockReadBytes\":null,\"blockWrittenBytes\":null,\"pids\":2}\n]\n"
        )
    }

    @Test func fixedPointNumbers() {
        #expect(Quantities.fixed(1234, digits: 2) == "12.34")
        #expect(Quantities.fixed(5, digits: 2) == "0.05")
        #expect(Quantities.fixed(-5, digits: 1) == "-0.5")
        #expect(Quantities.fixed(7, digits: 0) == "7")
    }
}
