import Testing

@testable import Definitions

@Suite struct ResourceKeysTests {
    @Test(arguments: [
        AcceptedValue("Memory=512M\nMemorySwap=1G") {
            $0.resources.memoryBytes = 536_870_912
            $0.resources.memorySwap = .total(1_073_741_824)
        },
        AcceptedValue("MemorySwap=-1") { $0.resources.memorySwap = .unlimited },
        AcceptedValue("Memory=1G\nMemorySwap=1G\nMemorySwap=") { $0.resources.memoryBytes = 1_073_741_824 },
        AcceptedValue("CPUWeight=1\nIOWeight=10000") {
            $0.resources.cpuWeight = 1
            $0.resources.ioWeight = 10_000
        },
        AcceptedValue("Ulimit=nofile=1024:2048") {
            $0.resources.ulimits = [ProcessLimit(resource: "RLIMIT_NOFILE", soft: 1024, hard: 2048)]
        },
        AcceptedValue("Ulimit=nproc=100\nUlimit=core=-1:unlimited") {
            $0.resources.ulimits = [
                ProcessLimit(resource: "RLIMIT_NPROC", soft: 100, hard: 100),
                ProcessLimit(resource: "RLIMIT_CORE", soft: UInt64.max, hard: UInt64.max),
            ]
        },
        AcceptedValue("Ulimit=nofile=10\nUlimit=nproc=5\nUlimit=nofile=20:30") {
            $0.resources.ulimits = [
                ProcessLimit(resource: "RLIMIT_NPROC", soft: 5, hard: 5),
                ProcessLimit(resource: "RLIMIT_NOFILE", soft: 20, hard: 30),
            ]
        },
        AcceptedValue("Ulimit=nofile=10\nUlimit=") { _ in },
        AcceptedValue("ShmSize=256M") { $0.resources.shmSizeBytes = 268_435_456 },
    ])
    func acceptedValues(value: AcceptedValue) {
        let result = parseContainer(value.lines)
        #expect(result.diagnostics == [])
        #expect(result.definition == expectedDefinition(value.change))
    }

    @Test(arguments: [
        (
            "MemorySwap=lots",
            "MemorySwap: 'lots' is not a size (use a number with an optional K, M, G or T suffix, e.g. 512M)"
        ),
        (
            "MemorySwap=0",
            "MemorySwap: '0' is not a limit of memory and swap (use a size such as 1G, or -1 for no limit)"
        ),
        ("CPUWeight=0", "CPUWeight: '0' is not a weight (use a number from 1 to 10000; 100 is the default)"),
        ("IOWeight=10001", "IOWeight: '10001' is not a weight (use a number from 1 to 10000; 100 is the default)"),
        ("IOWeight=high", "IOWeight: 'high' is not a weight (use a number from 1 to 10000; 100 is the default)"),
        ("Ulimit=nofile", "Ulimit: 'nofile' is not a limit (use NAME=SOFT[:HARD], e.g. nofile=1024:2048)"),
        (
            "Ulimit=nofiles=10",
            "Ulimit: 'nofiles' is not a limit name (did you mean nofile? use one of as, core, cpu, data, fsize, locks, memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime, sigpending, stack)"
        ),
        (
            "Ulimit=nofile=10:x",
            "Ulimit: 'nofile=10:x' is not a limit (use NAME=SOFT[:HARD], e.g. nofile=1024:2048, with -1 or unlimited for no limit)"
        ),
        (
            "Ulimit=nofile=1:2:3",
            "Ulimit: 'nofile=1:2:3' is not a limit (use NAME=SOFT[:HARD], e.g. nofile=1024:2048, with -1 or unlimited for no limit)"
        ),
        (
            "Ulimit=nofile=2048:1024",
            "Ulimit: 'nofile=2048:1024': the soft limit is above the hard limit (use NAME=SOFT[:HARD], e.g. nofile=1024:2048)"
        ),
        ("ShmSize=0", "ShmSize: '0' leaves no /dev/shm (use a size above 0, e.g. 256M)"),
    ])
    func rejectedValues(line: String, message: String) {
        let result = parseContainer(line)
        #expect(result.diagnostics.map(\.description) == ["\(webPath):3: \(message)"])
        #expect(result.definition == nil)
    }

    @Test func memorySwapCountsMemoryAndSoNeedsMemoryAndIsNotBelowIt() {
        let alone = parseContainer("MemorySwap=1G")
        #expect(alone.definition == nil)
        #expect(
            alone.diagnostics.map(\.description) == [
                "\(webPath):3: MemorySwap: is memory and swap together and needs Memory= (set Memory=, or use MemorySwap=-1)"
            ])
        let below = parseContainer("MemorySwap=256M\nMemory=512M")
        #expect(below.definition == nil)
        #expect(
            below.diagnostics.map(\.description) == [
                "\(webPath):3: MemorySwap: 268435456 bytes is below Memory= (536870912 bytes); it counts memory and swap together"
            ])
    }

    @Test func aServiceDirectiveOverridingAWeightIsAWarning() {
        let result = ContainerDefinition.parse(
            text: "[Container]\nImage=/var/lib/machines/web\nCPUWeight=50\n[Service]\nCPUWeight=200\n", path: webPath)
        #expect(
            result.diagnostics.map(\.description) == [
                "\(webPath):5: warning: CPUWeight: overrides CPUWeight= from [Container] (set the limit in one place)"
            ])
    }
}
