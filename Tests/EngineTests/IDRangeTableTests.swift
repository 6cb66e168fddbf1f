import Testing

@testable import Engine

@Suite struct IDRangeTableTests {
    @Test func rangesAreFirstFitAlignedDisjointAndKept() {
        var table = IDRangeTable(parsing: "")
        #expect(table.allocate(name: "a", size: 65536) == 1_879_048_192)
        #expect(table.allocate(name: "b", size: 1000) == 1_879_113_728)
        // b takes a whole block: c starts on the next one.
        #expect(table.allocate(name: "c", size: 65536) == 1_879_179_264)
        // Asked again with the same size: the same range.
        #expect(table.allocate(name: "a", size: 65536) == 1_879_048_192)
        #expect(
            table.text
                == "# NAME START SIZE: host IDs of UserNS=auto containers (swctl prepare)\n"
                + "a 1879048192 65536\nb 1879113728 1000\nc 1879179264 65536\n")
        // Read back, the table is the same.
        #expect(IDRangeTable(parsing: table.text) == table)
    }

    @Test func anotherSizeMovesTheContainerToAFittingGap() {
        var table = IDRangeTable(parsing: "a 1879048192 65536\nb 1879113728 65536\n")
        #expect(table.allocate(name: "a", size: 131_072) == 1_879_179_264)
        // The freed first block is reused.
        #expect(table.allocate(name: "c", size: 100) == 1_879_048_192)
    }

    @Test func linesOutsideThePoolOrOverlappingAreDropped() {
        let table = IDRangeTable(
            parsing: "a 1000 65536\nb 1879048192 65536\nc 1879048244 10\nb 1879179264 5\nbroken\nd 2147352571 10\n")
        #expect(table.entries.map(\.name) == ["b"])
    }

    @Test func aFullPoolGivesNoRange() {
        var table = IDRangeTable(parsing: "")
        #expect(table.allocate(name: "huge", size: UInt32(IDRangeTable.poolEnd - IDRangeTable.poolStart)) != nil)
        #expect(table.allocate(name: "more", size: 1) == nil)
    }
}
