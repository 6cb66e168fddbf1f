import Definitions
import Engine
import Glibc
import Syscalls

/// Runs a check's command inside a running container through
/// `swctl-runtime exec` (the container's namespaces, cgroup, user and
/// confinement, as `swctl exec`), with its time limit.
enum HealthCommandRun {
    /// The result; a command that cannot be run at all reads as exit 125.
    /// The runtime writes the check's host PID to `pidFile`, so a check
    /// past its time is killed too, not only the runtime waiting for it.
    static func execute(
        in name: String, pidFile: String, command: HealthCommand, timeoutMicroseconds: UInt64, outputLimit: Int,
        startup: Bool
    ) -> HealthResult {
        let start = now()
        let finish = { (code: Int32, output: String) in
            HealthResult(start: start, end: now(), exitCode: code, output: output, startup: startup)
        }
        guard let runtime = ChildProcess.ownDirectory().map({ $0 + "/swctl-runtime" }) else {
            return finish(125, "cannot find swctl-runtime next to swctl")
        }
        let environment = ProcessEnvironment.current().filter { $0.key != "NOTIFY_SOCKET" }.map {
            "\($0.key)=\($0.value)"
        }
        let input: FileDescriptor
        do { input = try FileDescriptor.open("/dev/null") } catch { return finish(125, "open /dev/null: \(error)") }
        defer { input.close() }
        let timeout = Int(clamping: max(1, timeoutMicroseconds / 1000))
        try? FileSystem.removeFile(pidFile)
        defer { try? FileSystem.removeFile(pidFile) }
        do {
            // Characters are at most 4 bytes: enough bytes for the kept prefix.
            let (exit, bytes) = try ProcessSpawn.run(
                runtime, arguments: [runtime, "exec", "--pid-file", pidFile, name] + command.arguments,
                environment: environment,
                input: input, timeoutMilliseconds: timeout,
                outputLimit: outputLimit > 0 ? outputLimit * 4 : 1 << 20)
            let output = String(decoding: bytes, as: UTF8.self)
            switch exit {
            case .timedOut:
                killCheck(pidFile: pidFile)
                return finish(
                    HealthResult.timedOutExitCode,
                    output
                        + "health check timed out after \(HealthTimeSpan.unitText(microseconds: timeoutMicroseconds))")
            case .exited(.exited(let code)): return finish(code, output)
            case .exited(.signaled(let signal)): return finish(128 + signal, output)
            }
        } catch {
            return finish(125, "run the check: \(error)")
        }
    }

    /// SIGKILL to the check's process, whose runtime was killed at the
    /// timeout (its own children then belong to the container's init).
    private static func killCheck(pidFile: String) {
        guard let text = try? FileSystem.readTextFile(pidFile),
            let word = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).first, let pid = Int32(word), pid > 1
        else { return }
        _ = Glibc.kill(pid, SIGKILL)
    }

    /// Microseconds since the epoch.
    static func now() -> Int64 {
        let clock = Identity.wallClock()
        return clock.seconds * 1_000_000 + clock.nanoseconds / 1000
    }
}
