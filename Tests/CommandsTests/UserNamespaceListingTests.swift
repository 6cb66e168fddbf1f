import Engine
import Testing

@testable import Commands

@Suite struct UserNamespaceListingTests {
    let listing = UserNamespaceListing(
        entries: [
            IDRangeTable.Entry(name: "web", start: 1_879_048_192, size: 65536),
            IDRangeTable.Entry(name: "db", start: 1_879_113_728, size: 1000),
        ],
        running: ["web"])

    @Test func theTableShowsEachRangeFirstToLastAndWhetherItsContainerRuns() {
        let lines = listing.table.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true)
        }
        #expect(lines.count == 3)
        #expect(lines[1] == ["db", "1879113728-1879114727", "1000", "no"])
        #expect(lines[2] == ["web", "1879048192-1879113727", "65536", "yes"])
        #expect(listing.table.hasPrefix("NAME"))
        #expect(listing.table.contains("HOST UID RANGE"))
    }

    @Test func jsonHasOneObjectPerRange() {
        #expect(
            listing.json.filter { !$0.isWhitespace }
                == #"[{"name":"db","hostStart":1879113728,"size":1000,"inUse":"no"},{"name":"web","hostStart":1879048192,"size":65536,"inUse":"yes"}]"#
        )
    }
}
