import Definitions
import Testing

@testable import Generator

@Suite struct ResourceMappingTests {
    private func directives(_ change: (inout Resources) -> Void) -> [String] {
        var resources = Resources()
        change(&resources)
        return ResourceMapping.directives(for: resources).map { "\($0.key)=\($0.value)" }
    }

    @Test func memorySwapBecomesTheSwapOnTopOfMemory() {
        #expect(
            directives {
                $0.memoryBytes = 536_870_912
                $0.memorySwap = .total(1_073_741_824)
            } == ["MemoryMax=536870912", "MemorySwapMax=536870912"])
        // Equal to Memory=: no swap at all, as docker.
        #expect(
            directives {
                $0.memoryBytes = 536_870_912
                $0.memorySwap = .total(536_870_912)
            } == ["MemoryMax=536870912", "MemorySwapMax=0"])
        #expect(directives { $0.memorySwap = .unlimited } == ["MemorySwapMax=infinity"])
    }

    @Test func weightsPassThroughAndRlimitsAndShmAreNotUnitDirectives() {
        #expect(
            directives {
                $0.cpuWeight = 50
                $0.ioWeight = 500
                $0.ulimits = [ProcessLimit(resource: "RLIMIT_NOFILE", soft: 1, hard: 2)]
                $0.shmSizeBytes = 1024
            } == ["CPUWeight=50", "IOWeight=500"])
    }

    @Test func theDropInOfAParsedDefinitionCarriesTheNewDirectives() {
        let parsed = ContainerDefinition.parse(
            text: "[Container]\nImage=/i\nMemory=64M\nMemorySwap=96M\nCPUWeight=20\nIOWeight=300\n",
            path: "/etc/swctl/containers/web.container")
        let text = parsed.definition.flatMap { Generator().files(for: $0).first?.text } ?? ""
        #expect(
            text.hasSuffix(
                "[Service]\nMemoryMax=67108864\nMemorySwapMax=33554432\nCPUWeight=20\nIOWeight=300\n"))
    }
}
