import Definitions
import Testing

@Suite struct PullKeyTests {
    @Test func defaultsToMissing() {
        #expect(parseContainer("").definition?.pull == .missing)
    }

    @Test(arguments: [
        ("missing", PullPolicy.missing), ("always", .always), ("never", .never), ("newer", .newer), ("Never", .never),
    ])
    func acceptsThePolicies(_ value: String, _ policy: PullPolicy) {
        let result = parseContainer("Pull=\(value)")
        #expect(result.diagnostics == [])
        #expect(result.definition?.pull == policy)
    }

    @Test func anEmptyAssignmentResetsToMissing() {
        #expect(parseContainer("Pull=never\nPull=").definition?.pull == .missing)
    }

    @Test func rejectsAnUnknownPolicyNamingTheChoices() {
        let result = parseContainer("Pull=sometimes")
        #expect(result.diagnostics.count == 1)
        #expect(
            result.diagnostics.first?.description.hasSuffix(
                "Pull: 'sometimes' is not a pull policy (use missing, always, never or newer)") == true,
            "\(result.diagnostics)")
    }
}
