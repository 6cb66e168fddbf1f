import Definitions
import Testing

/// StopTimeout=, ReloadSignal=, ReloadCmd=, RunInit=, AutoUpdate=, as
/// podman-systemd.unit(5) describes them.
@Suite struct LifecycleKeysTests {
    @Test func nothingSetByDefault() {
        let definition = parseContainer("").definition
        #expect(definition?.stopTimeout == nil)
        #expect(definition?.reload == nil)
        #expect(definition?.runInit == false)
        #expect(definition?.autoUpdate == nil)
    }

    @Test(arguments: [("30", 30), ("0", 0), ("600", 600)])
    func stopTimeoutTakesSeconds(_ value: String, _ seconds: Int) {
        let result = parseContainer("StopTimeout=\(value)")
        #expect(result.diagnostics == [])
        #expect(result.definition?.stopTimeout == seconds)
    }

    @Test(arguments: ["1min", "-5", "2.5", "ten", "99999999999"])
    func stopTimeoutRejectsWhatIsNotWholeSeconds(_ value: String) {
        let result = parseContainer("StopTimeout=\(value)")
        #expect(
            result.diagnostics.map(\.description) == [
                "\(webPath):3: StopTimeout: '\(value)' is not a number of seconds (use e.g. 30, or 0 to kill at once; up to a year)"
            ])
    }

    @Test func anEmptyStopTimeoutResets() {
        #expect(parseContainer("StopTimeout=5\nStopTimeout=").definition?.stopTimeout == nil)
    }

    @Test(arguments: [("SIGHUP", "SIGHUP"), ("usr1", "SIGUSR1"), ("1", "SIGHUP")])
    func reloadSignalIsNormalised(_ value: String, _ signal: String) {
        let result = parseContainer("ReloadSignal=\(value)")
        #expect(result.diagnostics == [])
        #expect(result.definition?.reload == .signal(signal))
    }

    @Test func reloadSignalRejectsANonSignal() {
        let result = parseContainer("ReloadSignal=SIGNOPE")
        #expect(
            result.diagnostics.map(\.description) == [
                "\(webPath):3: ReloadSignal: 'SIGNOPE' is not a signal (use e.g. SIGHUP, USR1 or 1)"
            ])
    }

    @Test func reloadCmdIsSplitLikeExec() {
        let result = parseContainer("ReloadCmd=/usr/sbin/nginx -s 'reload now'")
        #expect(result.diagnostics == [])
        #expect(result.definition?.reload == .command(["/usr/sbin/nginx", "-s", "reload now"]))
    }

    @Test func bothReloadKeysAreAnErrorAtTheSecondOnesLine() {
        let result = parseContainer("ReloadSignal=HUP\nReloadCmd=/bin/true")
        #expect(result.definition == nil)
        #expect(
            result.diagnostics.map(\.description) == [
                "\(webPath):4: ReloadCmd: ReloadSignal= is set too (use one of ReloadSignal= and ReloadCmd=; an empty ReloadSignal= clears it)"
            ])
        let reversed = parseContainer("ReloadCmd=/bin/true\nReloadSignal=HUP")
        #expect(
            reversed.diagnostics.map(\.description) == [
                "\(webPath):4: ReloadSignal: ReloadCmd= is set too (use one of ReloadSignal= and ReloadCmd=; an empty ReloadCmd= clears it)"
            ])
    }

    @Test func aDropInCanSwitchFromSignalToCommandAfterClearingIt() {
        let result = ContainerDefinition.parse(
            text: "[Container]\nImage=/srv/web\nReloadSignal=HUP\n", path: webPath,
            dropIns: [
                (path: webPath + ".d/10-reload.conf", text: "[Container]\nReloadSignal=\nReloadCmd=/bin/reload\n")
            ])
        #expect(result.diagnostics == [])
        #expect(result.definition?.reload == .command(["/bin/reload"]))
    }

    @Test func runInitIsABoolean() {
        #expect(parseContainer("RunInit=yes").definition?.runInit == true)
        #expect(parseContainer("RunInit=yes\nRunInit=").definition?.runInit == false)
        #expect(
            parseContainer("RunInit=maybe").diagnostics.map(\.description) == [
                "\(webPath):3: RunInit: 'maybe' is not a boolean (use yes or no)"
            ])
    }

    @Test(arguments: [("registry", AutoUpdatePolicy.registry), ("local", .local)])
    func autoUpdateTakesThePolicies(_ value: String, _ policy: AutoUpdatePolicy) {
        let result = ContainerDefinition.parse(
            text: "[Container]\nImage=docker.io/library/busybox:1\nAutoUpdate=\(value)\n", path: webPath)
        #expect(result.diagnostics == [])
        #expect(result.definition?.autoUpdate == policy)
    }

    @Test func autoUpdateRejectsAnUnknownPolicy() {
        #expect(
            parseContainer("AutoUpdate=always").diagnostics.map(\.description) == [
                "\(webPath):3: AutoUpdate: 'always' is not an update policy (use registry or local)"
            ])
    }
}
