import ImageSpec
import Testing

@testable import Definitions

@Suite struct HealthKeysTests {
    @Test(
        arguments: [
            ("30s", 30_000_000), ("1m30s", 90_000_000), ("1min 30s", 90_000_000), ("2h", 7_200_000_000),
            ("500ms", 500_000), ("10", 10_000_000), ("1.5s", 1_500_000), ("0", 0), ("1d", 86_400_000_000),
            ("250us", 250), ("1500ns", 2),
        ] as [(String, UInt64)])
    func timeSpansAsPodmanAndSystemdWriteThem(text: String, microseconds: UInt64) {
        #expect(HealthTimeSpan.microseconds(text) == microseconds)
    }

    @Test(arguments: ["", "s", "30x", "-1s", "1s 2m x", "thirty seconds", "1e3s"])
    func notTimeSpans(text: String) {
        #expect(HealthTimeSpan.microseconds(text) == nil)
    }

    @Test func unitTextIsWhatSystemdReadsBack() {
        #expect(HealthTimeSpan.unitText(microseconds: 90_000_000) == "1min 30s")
        #expect(HealthTimeSpan.unitText(microseconds: 2_500_000) == "2s 500ms")
        #expect(HealthTimeSpan.unitText(microseconds: 0) == "0")
        for text in ["1min 30s", "2s 500ms", "1d 2h", "750ms"] {
            let microseconds = HealthTimeSpan.microseconds(text) ?? 0
            #expect(HealthTimeSpan.unitText(microseconds: microseconds) == text)
        }
    }

    @Test func everyHealthKeySetsItsField() throws {
        let result = parseContainer(
            """
            HealthCmd=curl -fsS http://localhost/health
            HealthInterval=1m
            HealthRetries=5
            HealthTimeout=3s
            HealthStartPeriod=10s
            HealthStartupCmd=["/bin/test", "-e", "/run/ready"]
            HealthStartupInterval=2s
            HealthStartupRetries=10
            HealthStartupSuccess=2
            HealthStartupTimeout=1s
            HealthOnFailure=restart
            HealthLogDestination=/var/log/health
            HealthMaxLogCount=10
            HealthMaxLogSize=100
            Notify=healthy
            """)
        let definition = try #require(result.definition, "\(result.diagnostics)")
        let health = definition.health
        #expect(health.command == .command(.shell("curl -fsS http://localhost/health")))
        #expect(health.intervalMicroseconds == 60_000_000)
        #expect(health.retries == 5)
        #expect(health.timeoutMicroseconds == 3_000_000)
        #expect(health.startPeriodMicroseconds == 10_000_000)
        #expect(health.startupCommand == .exec(["/bin/test", "-e", "/run/ready"]))
        #expect(health.startupIntervalMicroseconds == 2_000_000)
        #expect(health.startupRetries == 10)
        #expect(health.startupSuccess == 2)
        #expect(health.startupTimeoutMicroseconds == 1_000_000)
        #expect(health.onFailure == .restart)
        #expect(health.logDestination == .directory("/var/log/health"))
        #expect(health.maxLogCount == 10)
        #expect(health.maxLogSize == 100)
        #expect(definition.notify == .healthy)
    }

    @Test func noneAndDisableAreTheirOwnValues() throws {
        let definition = try #require(parseContainer("HealthCmd=none\nHealthInterval=disable").definition)
        #expect(definition.health.command == .disabled)
        #expect(definition.health.intervalMicroseconds == 0)
    }

    @Test(arguments: [
        ("HealthCmd=[\"CMD\", \"/bin/true\"]", HealthCommand.exec(["/bin/true"])),
        ("HealthCmd=[\"CMD-SHELL\", \"test -e /x\"]", .shell("test -e /x")),
        ("HealthCmd=[\"/bin/sh\", \"-c\", \"echo \\\"hi\\\"\"]", .exec(["/bin/sh", "-c", "echo \"hi\""])),
        ("HealthCmd=/bin/check --quick", .shell("/bin/check --quick")),
    ])
    func healthCommandFormsAsPodmanReadsThem(line: String, command: HealthCommand) throws {
        let definition = try #require(parseContainer(line).definition)
        #expect(definition.health.command == .command(command))
    }

    @Test func notifyTakesBooleansAndHealthy() throws {
        #expect(parseContainer("Notify=yes").definition?.notify == .yes)
        #expect(parseContainer("Notify=true\nNotify=no").definition?.notify == NotifyMode.no)
        #expect(parseContainer("Notify=healthy\nNotify=").definition?.notify == NotifyMode.no)
    }

    @Test(arguments: [
        (
            "HealthInterval=soon",
            "web.container:3: HealthInterval: 'soon' is not a time span (use e.g. 30s, 1m30s or 2min)"
        ),
        ("HealthTimeout=0s", "web.container:3: HealthTimeout: '0s' is no time (use a span above 0, e.g. 30s)"),
        ("HealthRetries=0", "web.container:3: HealthRetries: '0' is not a number of retries (use e.g. 3)"),
        (
            "HealthOnFailure=reboot",
            "web.container:3: HealthOnFailure: 'reboot' is not an action on failure (use none, kill, restart or stop)"
        ),
        (
            "HealthCmd=[\"unterminated",
            "web.container:3: HealthCmd: '[\"unterminated' is not a JSON array of strings (use e.g. [\"/bin/check\", \"--quick\"], or a shell command line)"
        ),
        ("HealthCmd=[\"CMD\"]", "web.container:3: HealthCmd: '[\"CMD\"]' names no command after CMD"),
        (
            "HealthLogDestination=logs",
            "web.container:3: HealthLogDestination: 'logs' is not a log destination (use local, events_logger or an absolute directory path)"
        ),
        ("Notify=maybe", "web.container:3: Notify: 'maybe' is not a notify mode (use yes, no or healthy)"),
    ])
    func badValuesNameTheKeyAndTheFix(line: String, message: String) {
        let result = parseContainer(line)
        #expect(result.definition == nil)
        #expect(result.diagnostics.map { "\($0)" }.contains { $0.hasSuffix(message) })
    }

    @Test func keysOverTheImageOverTheDefaults() throws {
        let image = ImageHealthcheck(
            test: ["CMD-SHELL", "wget -q -O- localhost"], interval: 5_000_000_000, timeout: 2_000_000_000,
            startPeriod: 0, retries: 7)
        var options = HealthCheckOptions()
        options.retries = 2
        let check = try #require(options.resolved(image: image))
        #expect(check.command == .shell("wget -q -O- localhost"))
        #expect(check.intervalMicroseconds == 5_000_000)
        #expect(check.timeoutMicroseconds == 2_000_000)
        #expect(check.startPeriodMicroseconds == 0)
        #expect(check.retries == 2)
        #expect(check.maxLogCount == 5)
        #expect(check.maxLogSize == 500)
    }

    @Test func noCheckWithoutACommandOrWithNone() {
        #expect(HealthCheckOptions().resolved(image: nil) == nil)
        #expect(HealthCheckOptions().resolved(image: ImageHealthcheck(test: ["NONE"])) == nil)
        var none = HealthCheckOptions()
        none.command = .disabled
        #expect(none.resolved(image: ImageHealthcheck(test: ["CMD", "/bin/true"])) == nil)
    }

    @Test func theStartupCheckTakesItsOwnKeys() throws {
        var options = HealthCheckOptions()
        options.command = .command(.shell("true"))
        options.startupCommand = .shell("test -e /ready")
        options.startupSuccess = 3
        let startup = try #require(options.resolved(image: nil)?.startup)
        #expect(startup.command.arguments == ["/bin/sh", "-c", "test -e /ready"])
        #expect(startup.successes == 3)
        #expect(startup.retries == 0)
        #expect(startup.intervalMicroseconds == 30_000_000)
    }
}
