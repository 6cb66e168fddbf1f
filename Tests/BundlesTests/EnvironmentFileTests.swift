import Testing

@testable import Bundles

@Suite struct EnvironmentFileTests {
    @Test func linesAreTakenLiterallyCommentsAndBlanksSkipped() {
        let parsed = parseEnvironmentFile(
            """
            # settings
            MODE=prod

              QUOTED="kept as is"
            EMPTY=
            URL=http://x/?a=b\r
            """)
        #expect(parsed.map(\.name) == ["MODE", "QUOTED", "EMPTY", "URL"])
        #expect(parsed.map(\.value) == ["prod", "\"kept as is\"", "", "http://x/?a=b"])
    }

    @Test func aBareNameTakesTheHostValueOrIsSkipped() {
        let parsed = parseEnvironmentFile("LANG\nMISSING\n", hostEnvironment: ["LANG": "C.UTF-8"])
        #expect(parsed.map(\.name) == ["LANG"])
        #expect(parsed.first?.value == "C.UTF-8")
    }

    @Test func mergeKeepsFirstPositionAndLastValue() {
        #expect(mergeEnvironment([[("A", "1"), ("B", "2")], [("A", "3")]]) == ["A=3", "B=2"])
    }
}
