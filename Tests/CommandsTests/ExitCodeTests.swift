import Systemd
import Testing

@testable import Commands

@Suite("exit codes")
struct ExitCodeTests {
    @Test("the table: distinct codes, in the documented order")
    func table() {
        #expect(SwctlExitCode.allCases.map(\.rawValue) == [0, 1, 2, 3, 4, 5, 6, 7, 125])
        #expect(Set(SwctlExitCode.allCases.map(\.meaning)).count == SwctlExitCode.allCases.count)
    }

    @Test(
        "bus errors map onto exit codes",
        arguments: [
            (
                BusError(operation: "call StartUnit", code: 13, name: "org.freedesktop.DBus.Error.AccessDenied"),
                SwctlExitCode.permissionDenied
            ),
            (
                BusError(
                    operation: "call StopUnit", code: 13,
                    name: "org.freedesktop.DBus.Error.InteractiveAuthorizationRequired"), .permissionDenied
            ),
            (BusError(operation: "call KillUnit", code: 1), .permissionDenied),
            (BusError(operation: "connect to the system bus", code: 2), .systemdUnreachable),
            (BusError(operation: "connect to the system bus", code: 111), .systemdUnreachable),
            (
                BusError(operation: "call GetUnit", code: 2, name: "org.freedesktop.DBus.Error.ServiceUnknown"),
                .systemdUnreachable
            ),
            (BusError(operation: "call GetUnit", code: 104), .systemdUnreachable),
            (BusError(operation: "call StartUnit", code: 22, name: "org.freedesktop.systemd1.NoSuchUnit"), .failure),
            (BusError(operation: "read u", code: 74), .failure),
        ])
    func busErrors(error: BusError, code: SwctlExitCode) {
        #expect(CommandFailure(error, while: "start web").exitCode == code)
    }

    @Test("messages name the action and the cause, on one line")
    func messages() {
        let denied = CommandFailure(
            BusError(
                operation: "call StopUnit", object: "ctr@web.service", code: 13,
                name: "org.freedesktop.DBus.Error.InteractiveAuthorizationRequired",
                message: "Interactive authentication required."),
            while: "stop web")
        #expect(
            denied.message
                == "stop web: permission denied (call StopUnit ctr@web.service: Interactive authentication required.)")
        let unreachable = CommandFailure(BusError(operation: "connect to the system bus", code: 2), while: "ps")
        #expect(unreachable.message == "ps: cannot reach systemd: connect to the system bus: ENOENT")
        let journal = CommandFailure(JournalError(operation: "open the journal", code: 13), while: "logs web")
        #expect(journal.exitCode == .permissionDenied)
        #expect(
            SwctlMain.outcome(of: CommandFailure.unknownContainer("x")) == (
                .unknownContainer, "swctl: no such container: x"
            ))
        #expect(SwctlMain.outcome(of: CommandFailure.alreadyReported(.notRunning)) == (.notRunning, ""))
    }

    @Test(
        "job results: failures read like systemctl's, success is silent",
        arguments: [
            (JobResult.done, nil),
            (.skipped, nil),
            (.failed, "start web: ctr@web.service failed (exit-code); see 'swctl status web'"),
            (.timeout, "start web: ctr@web.service: job timed out; see 'swctl status web'"),
            (.dependency, "start web: ctr@web.service: a dependency failed; see 'swctl status web'"),
            (.canceled, "start web: ctr@web.service: job canceled by a later request"),
            (.other("assert"), "start web: ctr@web.service: job ended with 'assert'; see 'swctl status web'"),
        ] as [(JobResult, String?)])
    func jobResults(result: JobResult, message: String?) {
        let unit = UnitProperties(activeState: "failed", result: "exit-code")
        let failure = UnitJobs.describe(.start, name: "web", result: result, unit: unit)
        #expect(failure?.message == message)
        if failure != nil { #expect(failure?.exitCode == .failure) }
    }

    @Test("a job whose signal was missed is judged by the unit's state")
    func vanishedJob() {
        let active = UnitProperties(activeState: "active")
        let inactive = UnitProperties(activeState: "inactive")
        #expect(UnitJobs.describe(.start, name: "web", result: .vanished, unit: active) == nil)
        #expect(UnitJobs.describe(.stop, name: "web", result: .vanished, unit: inactive) == nil)
        #expect(UnitJobs.describe(.stop, name: "web", result: .vanished, unit: nil) == nil)
        #expect(
            UnitJobs.describe(.restart, name: "web", result: .vanished, unit: inactive)?.message
                == "restart web: ctr@web.service is inactive (success); see 'swctl status web'")
    }
}
