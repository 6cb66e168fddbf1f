import Bundles
import Definitions
import OCI
import Testing

@testable import Commands

@Suite struct ConfinementSummaryTests {
    private func spec(_ change: (inout ContainerDefinition) -> Void = { _ in }, host: HostSecurity = HostSecurity())
        throws -> Spec
    {
        var definition = ContainerDefinition(
            name: "web", sourcePath: "/etc/swctl/containers/web.container", image: "/i")
        definition.exec = ["/bin/sh"]
        change(&definition)
        var inputs = SpecInputs(definition: definition, rootfsPath: "/r")
        inputs.host = host
        return try buildSpec(inputs)
    }

    @Test func aDefaultContainerShowsTheDefaultProfileItsDigestAndNoAppArmor() throws {
        let summary = try #require(ConfinementSummary(spec: try spec()))
        #expect(summary.seccomp.profile == "swctl-default (moby default)")
        #expect(summary.seccomp.digest?.hasPrefix("sha256:") == true)
        #expect(summary.seccomp.rules > 10)
        #expect(summary.appArmor == "unconfined (AppArmor not enabled)")
        #expect(summary.noNewPrivileges)
        #expect(summary.capabilities == defaultCapabilities)
        #expect(summary.pidsLimit == "2048 (default)")
        let rows = Dictionary(uniqueKeysWithValues: summary.rows)
        #expect(rows["Seccomp"]?.hasPrefix("swctl-default (moby default) (") == true)
        #expect(rows["Capabilities"]?.hasPrefix("CHOWN DAC_OVERRIDE") == true)
        #expect(rows["Masked"] == "\(defaultMaskedPaths.count) paths masked, \(defaultReadonlyPaths.count) read-only")
    }

    @Test func theKeysShowUp() throws {
        let summary = try #require(
            ConfinementSummary(
                spec: try spec(
                    {
                        $0.security.seccompProfile = .unconfined
                        $0.security.noNewPrivileges = false
                        $0.resources.pidsLimit = 100
                    }, host: HostSecurity(appArmorProfile: "swctl-default"))))
        #expect(summary.seccomp.profile == "unconfined" && summary.seccomp.digest == nil)
        #expect(summary.appArmor == "swctl-default")
        #expect(!summary.noNewPrivileges)
        #expect(summary.pidsLimit == "100")
    }

    @Test func statusPrintsTheConfinementRows() throws {
        let summary = try #require(ConfinementSummary(spec: try spec()))
        let text = StatusReport.render(
            name: "web", unit: nil, definition: nil, clock: WallClock(now: Timestamp(microseconds: 0), utcOffset: 0),
            confinement: summary)
        #expect(text.contains("AppArmor:     unconfined (AppArmor not enabled)\n"))
        #expect(text.contains("NoNewPrivs:   yes\n"))
    }
}
