import ArgumentParser
import Testing

@testable import Commands

@Suite("command line")
struct ArgumentsTests {
    func parse<T: ParsableCommand>(_ arguments: [String], as: T.Type) throws -> T {
        let command = try Swctl.parseAsRoot(arguments)
        return try #require(command as? T)
    }

    func usageError(_ arguments: [String]) -> String? {
        do {
            _ = try Swctl.parseAsRoot(arguments)
            return nil
        } catch {
            let (code, message) = SwctlMain.outcome(of: error)
            return code == .usage ? message : "exit \(code.rawValue): \(message)"
        }
    }

    @Test("ps: -a/--all, --format")
    func ps() throws {
        let plain = try parse(["ps"], as: Ps.self)
        #expect(!plain.all && plain.format == .table)
        let all = try parse(["ps", "-a", "--format", "json"], as: Ps.self)
        #expect(all.all && all.format == .json)
        #expect(try parse(["ps", "--all"], as: Ps.self).all)
        #expect(usageError(["ps", "--format", "yaml"]) != nil)
    }

    @Test("logs: every option, short and long")
    func logs() throws {
        let short = try parse(["logs", "-f", "-n", "5", "-t", "--since", "10m", "web"], as: Logs.self)
        #expect(short.follow && short.tail == 5 && short.timestamps && short.since == "10m" && short.name == "web")
        let long = try parse(
            ["logs", "--follow", "--tail", "0", "--timestamps", "--since", "1764410400", "web"], as: Logs.self)
        #expect(long.follow && long.tail == 0 && long.timestamps && long.since == "1764410400")
        let window = try parse(
            ["logs", "--since", "2026-11-29T10:00:00Z", "--until", "2026-11-29T11:00:00+01:00", "web"], as: Logs.self)
        #expect(window.until == "2026-11-29T11:00:00+01:00" && !window.follow && window.tail == nil)
    }

    @Test("logs: the window resolves against now")
    func logsWindow() throws {
        let command = try parse(["logs", "--since", "1h", "--until", "4102444800", "-n", "3", "web"], as: Logs.self)
        let now = Timestamp(microseconds: 1_764_414_000_000_000)
        let window = try command.window(now: now)
        #expect(
            window
                == LogWindow(
                    since: Timestamp(microseconds: 1_764_410_400_000_000),
                    until: Timestamp(microseconds: 4_102_444_800_000_000), tail: 3))
    }

    @Test(
        "logs: bad values are usage errors with a reason",
        arguments: [
            (["logs", "web", "--since", "yesterday"], "--since: 'yesterday': not a time"),
            (["logs", "web", "--until", "2026-11-29"], "--until: '2026-11-29': a date needs a time"),
            (["logs", "web", "--tail=-1"], "--tail must be 0 or more"),
            (["logs", "-f", "--until", "1h", "web"], "--follow and --until cannot be used together"),
            (["logs", "--since", "10m", "--until", "20m", "web"], "is before --since"),
            (["logs", "a/b"], "'a/b' is not a valid container name"),
            (["logs"], "Missing expected argument"),
        ])
    func logsErrors(arguments: [String], message: String) {
        let error = usageError(arguments)
        #expect(error?.contains(message) == true, "\(error ?? "accepted")")
    }

    @Test("status: name and -n/--lines")
    func status() throws {
        let status = try parse(["status", "web"], as: Status.self)
        #expect(status.name == "web" && status.lines == 10)
        #expect(try parse(["status", "-n", "50", "web"], as: Status.self).lines == 50)
        #expect(try parse(["status", "--lines", "0", "web"], as: Status.self).lines == 0)
        #expect(usageError(["status"]) != nil)
        #expect(usageError(["status", "--lines=-2", "web"])?.contains("--lines must be 0 or more") == true)
    }

    @Test("start, stop, restart take one or more valid names")
    func lifecycle() throws {
        #expect(try parse(["start", "web", "db"], as: Start.self).containers.names == ["web", "db"])
        #expect(try parse(["stop", "web"], as: Stop.self).containers.names == ["web"])
        #expect(try parse(["restart", "db"], as: Restart.self).containers.names == ["db"])
        for verb in ["start", "stop", "restart", "kill"] {
            #expect(usageError([verb]) != nil, "\(verb) without a name")
            #expect(usageError([verb, "web", "no/pe"])?.contains("'no/pe' is not a valid container name") == true)
        }
    }

    @Test("kill: -s/--signal, default KILL, bad signals rejected")
    func kill() throws {
        #expect(try parse(["kill", "web"], as: Kill.self).signal == "KILL")
        #expect(try parse(["kill", "-s", "HUP", "web"], as: Kill.self).signal == "HUP")
        #expect(try parse(["kill", "--signal", "15", "web", "db"], as: Kill.self).containers.names == ["web", "db"])
        #expect(usageError(["kill", "-s", "NOPE", "web"])?.contains("'NOPE' is not a signal") == true)
    }

    @Test("the internal commands exist but are hidden from help")
    func hidden() throws {
        _ = try parse(["prepare", "web"], as: Prepare.self)
        _ = try parse(["cleanup", "web"], as: Cleanup.self)
        let help = Swctl.helpMessage()
        for visible in ["ps", "status", "logs", "start", "stop", "restart", "kill", "validate", "generate"] {
            #expect(help.contains("  \(visible) "), "\(visible) missing from help")
        }
        #expect(!help.contains("prepare") && !help.contains("cleanup"))
    }

    @Test("help exits 0, unknown commands and options exit 2")
    func exitCodes() {
        for arguments in [["--help"], ["logs", "--help"], ["help", "kill"]] {
            do {
                // As main does: a help request throws when parsed or when run.
                var command = try Swctl.parseAsRoot(arguments)
                try command.run()
                Issue.record("\(arguments) did not ask for help")
            } catch {
                let (code, message) = SwctlMain.outcome(of: error)
                #expect(code == .success)
                #expect(message.contains("USAGE: swctl"))
            }
        }
        #expect(usageError(["frobnicate"]) != nil)
        #expect(usageError(["ps", "--bogus"]) != nil)
    }
}
