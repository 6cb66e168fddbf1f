/// `swctl stats` output: docker's columns, from two samples of each
/// container (CPU % is the CPU time used between them over the time between
/// them, so a container busy on two cores shows 200%).
enum StatsRendering {
    struct Row: Equatable {
        var name: String
        var previous: ResourceSample
        var current: ResourceSample
    }

    static let headers = ["NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS"]

    /// CPU use in hundredths of a percent, nil when unknown or when the two
    /// samples are the same instant.
    static func cpuHundredthsOfPercent(_ row: Row) -> Int64? {
        guard let before = row.previous.cpuMicroseconds, let after = row.current.cpuMicroseconds,
            row.current.monotonicNanoseconds > row.previous.monotonicNanoseconds
        else { return nil }
        let used = after >= before ? after - before : 0
        let elapsedMicroseconds = (row.current.monotonicNanoseconds - row.previous.monotonicNanoseconds) / 1000
        guard elapsedMicroseconds > 0 else { return nil }
        // percent × 100, rounded: used / elapsed × 10 000.
        return Int64((used * 10_000 + elapsedMicroseconds / 2) / elapsedMicroseconds)
    }

    /// The limit shown: the cgroup's, else the host's memory (as docker).
    static func memoryLimit(_ sample: ResourceSample, hostMemory: UInt64?) -> UInt64? {
        sample.memoryLimit ?? hostMemory
    }

    /// Memory use in hundredths of a percent of the limit shown.
    static func memoryHundredthsOfPercent(_ sample: ResourceSample, hostMemory: UInt64?) -> Int64? {
        guard let used = sample.memoryBytes, let limit = memoryLimit(sample, hostMemory: hostMemory), limit > 0 else {
            return nil
        }
        return Int64((used.multipliedReportingOverflow(by: 10_000).partialValue + limit / 2) / limit)
    }

    static func table(_ rows: [Row], hostMemory: UInt64?) -> String {
        Table.render(
            headers: headers,
            rows: rows.map { row in
                let sample = row.current
                return [
                    row.name,
                    cpuHundredthsOfPercent(row).map { Quantities.fixed($0, digits: 2) + "%" } ?? "--",
                    sample.memoryBytes.map { used in
                        Quantities.bytes(used) + " / "
                            + (memoryLimit(sample, hostMemory: hostMemory).map(Quantities.bytes) ?? "--")
                    } ?? "--",
                    memoryHundredthsOfPercent(sample, hostMemory: hostMemory).map {
                        Quantities.fixed($0, digits: 2) + "%"
                    } ?? "--",
                    pair(sample.networkReceived, sample.networkSent),
                    pair(sample.blockRead, sample.blockWritten),
                    sample.pids.map(String.init) ?? "--",
                ]
            })
    }

    static func json(_ rows: [Row], hostMemory: UInt64?) -> String {
        JSONText.array(
            rows.map { row in
                let sample = row.current
                let cpu = cpuHundredthsOfPercent(row)
                let memory = memoryHundredthsOfPercent(sample, hostMemory: hostMemory)
                return [
                    ("name", .string(row.name)),
                    ("cpuPercent", cpu.map { .fixed($0, digits: 2) } ?? .null),
                    ("cpuMicroseconds", .optional(sample.cpuMicroseconds)),
                    ("memoryBytes", .optional(sample.memoryBytes)),
                    ("memoryLimitBytes", .optional(memoryLimit(sample, hostMemory: hostMemory))),
                    ("memoryPercent", memory.map { .fixed($0, digits: 2) } ?? .null),
                    ("networkReceivedBytes", .optional(sample.networkReceived)),
                    ("networkSentBytes", .optional(sample.networkSent)),
                    ("blockReadBytes", .optional(sample.blockRead)),
                    ("blockWrittenBytes", .optional(sample.blockWritten)),
                    ("pids", .optional(sample.pids)),
                ]
            })
    }

    private static func pair(_ first: UInt64?, _ second: UInt64?) -> String {
        guard first != nil || second != nil else { return "--" }
        return (first.map(Quantities.bytes) ?? "--") + " / " + (second.map(Quantities.bytes) ?? "--")
    }
}
