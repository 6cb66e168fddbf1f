import Testing

@testable import Commands

@Suite struct AutoUpdateRenderingTests {
    private let reports = [
        AutoUpdateReport(
            unit: "ctr@web.service", container: "web", image: "registry.example/web:latest", policy: .registry,
            updated: .yes),
        AutoUpdateReport(
            unit: "ctr@db.service", container: "db", image: "localhost/db:1", policy: .local, updated: .rolledBack),
    ]

    @Test func theTableHasPodmansColumns() {
        #expect(
            AutoUpdateRendering.table(reports) == """
                UNIT              CONTAINER   IMAGE                         POLICY     UPDATED
                ctr@web.service   web         registry.example/web:latest   registry   true
                ctr@db.service    db          localhost/db:1                local      rolled back

                """)
    }

    @Test func jsonHasOneObjectPerContainer() {
        #expect(
            AutoUpdateRendering.json(reports) == """
                [
                  {"unit":"ctr@web.service","container":"web","image":"registry.example/web:latest","policy":"registry","updated":"true"},
                  {"unit":"ctr@db.service","container":"db","image":"localhost/db:1","policy":"local","updated":"rolled back"}
                ]

                """)
    }
}
