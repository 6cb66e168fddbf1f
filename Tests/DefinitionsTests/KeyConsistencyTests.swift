import Definitions
import Testing

/// Keys that parse on their own but cannot work together are reported at
/// the key's line, as errors where the container could never do what the
/// file asks, as warnings where one setting silently wins.
@Suite struct KeyConsistencyTests {
    private func parse(image: String, _ lines: String) -> DefinitionParseResult {
        ContainerDefinition.parse(text: "[Container]\nImage=\(image)\n\(lines)\n", path: webPath)
    }

    @Test(arguments: [
        (
            "Notify=healthy\nHealthCmd=none",
            "/etc/swctl/containers/web.container:3: Notify: healthy waits for a health check, and HealthCmd=none turns it off (set HealthCmd=, or Notify=yes)"
        ),
        (
            "HealthCmd=true\nHealthInterval=disable\nNotify=healthy",
            "/etc/swctl/containers/web.container:5: Notify: healthy waits for a health check, and HealthInterval=disable never runs one (give an interval, e.g. HealthInterval=30s, or Notify=yes)"
        ),
    ])
    func aReadinessThatNeverComesIsAnError(lines: String, message: String) {
        let result = parse(image: "docker.io/library/busybox:1", lines)
        #expect(result.definition == nil)
        #expect(result.diagnostics.map(\.description) == [message])
    }

    @Test func notifyHealthyWithACheckIsFine() {
        let result = parse(image: "docker.io/library/busybox:1", "HealthCmd=true\nHealthInterval=5s\nNotify=healthy")
        #expect(result.diagnostics == [])
    }

    @Test(arguments: [
        ("/var/lib/machines/web", "Image= is a directory (use Image=REGISTRY/NAME:TAG)"),
        (
            "docker.io/library/busybox@sha256:" + String(repeating: "a", count: 64),
            "is pinned to a digest (use a tag, e.g. :latest)"
        ),
    ])
    func updatesNeedATag(image: String, ending: String) {
        for policy in ["registry", "local"] {
            let result = parse(image: image, "AutoUpdate=\(policy)")
            #expect(result.definition == nil)
            let message = result.diagnostics.first?.description ?? ""
            #expect(message.hasPrefix("\(webPath):3: AutoUpdate: \(policy) "), "\(message)")
            #expect(message.hasSuffix(ending), "\(message)")
        }
    }

    @Test func aLocalNameUpdatesOnlyLocally() {
        #expect(
            parse(image: "localhost/web:1", "AutoUpdate=registry").diagnostics.map(\.description) == [
                "\(webPath):3: AutoUpdate: registry needs an image from a registry, and 'localhost/web:1' is a local name (use AutoUpdate=local)"
            ])
        #expect(parse(image: "localhost/web:1", "AutoUpdate=local").diagnostics == [])
    }

    @Test func aRegistryOnLocalhostWithAPortIsARegistry() {
        #expect(parse(image: "localhost:5000/web:1", "AutoUpdate=registry").diagnostics == [])
    }

    @Test func pullAlwaysWithRegistryUpdatesWarns() {
        let result = parse(image: "docker.io/library/busybox:1", "Pull=always\nAutoUpdate=registry")
        #expect(result.definition != nil)
        #expect(
            result.diagnostics.map(\.description) == [
                "\(webPath):4: warning: AutoUpdate: a rollback restarts the container on the previous image, and Pull=always would pull the rejected one again (use Pull=missing)"
            ])
    }

    @Test func aServiceDirectiveOverridingAContainerKeyWarnsAtTheDirective() {
        let result = parse(
            image: "/var/lib/machines/web",
            "StopTimeout=30\nReloadCmd=/bin/true\n[Service]\nTimeoutStopSec=5\nExecReload=/bin/kill -HUP $MAINPID")
        #expect(result.definition != nil)
        #expect(
            result.diagnostics.map(\.description) == [
                "\(webPath):6: warning: TimeoutStopSec: overrides StopTimeout= from [Container] (set it in one place)",
                "\(webPath):7: warning: ExecReload: overrides ReloadCmd= from [Container] (set it in one place)",
            ])
    }
}
