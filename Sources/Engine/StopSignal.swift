import ImageSpec
import JSON
import OCI
import Syscalls

/// `swctl stop-signal NAME` (the unit's ExecStop): sends the container's
/// stop signal to its init and waits for it to end, before systemd sends
/// `KillSignal=` (SIGTERM) and, after `TimeoutStopSec=`, SIGKILL.
///
/// Why not only `KillSignal=`: the generator writes the unit before any
/// image is read (it runs at boot, maybe before /var is mounted, and an
/// image can be pulled or retagged after `daemon-reload`), so the image's
/// StopSignal is known only to `swctl prepare`. Prepare records the signal
/// in the bundle as the image-spec annotation
/// `org.opencontainers.image.stopSignal`; this step reads it back. A
/// definition's `StopSignal=` also becomes `KillSignal=` (known at
/// generator time), so `systemctl kill` and the final phase use it too.
public struct StopSignalSender: Sendable {
    public var paths: StatePaths

    public init(paths: StatePaths) {
        self.paths = paths
    }

    /// What was done, for the journal.
    public enum Outcome: Equatable, Sendable {
        /// No main process, no recorded signal or SIGTERM: systemd's own stop follows.
        case nothingToDo
        /// Sent, and the process ended.
        case stopped(signal: String)
    }

    /// The stop signal the bundle of `name` records, if any.
    public func recordedSignal(of name: String) throws(LifecycleError) -> String? {
        let config = paths.bundleConfig(name)
        guard FileSystem.exists(config) else { return nil }
        do {
            let spec = try JSONDecoder().decode(Spec.self, from: try FileSystem.readFile(config))
            return spec.annotations?[ImageAnnotation.stopSignal]
        } catch {
            throw LifecycleError("\(name): read the stop signal from \(config): \(error)")
        }
    }

    /// Sends the recorded stop signal to `mainPID` (systemd's `$MAINPID`;
    /// nil once the process has ended) and waits until the process ends.
    ///
    /// `giveUp` is asked every 100 ms; once it says yes (systemd's
    /// `TimeoutStopSec=` passed and it signalled this process) the init
    /// gets SIGKILL, which ends the whole container (its PID namespace).
    /// Otherwise systemd would go on with `KillSignal=` and wait the whole
    /// timeout a second time before its own SIGKILL.
    public func stop(name: String, mainPID: Int32?, giveUp: () -> Bool = { false }) throws(LifecycleError)
        -> Outcome
    {
        guard let mainPID, mainPID > 0, let recorded = try recordedSignal(of: name) else { return .nothingToDo }
        guard let number = Signals.parse(recorded) else {
            throw LifecycleError("\(name): stop signal '\(recorded)' in the bundle is not a signal")
        }
        guard number != 15 else { return .nothingToDo }
        let process: ProcessHandle
        do {
            process = try ProcessHandle.open(mainPID)
        } catch  where error.errno == .noSuchProcess {
            return .nothingToDo  // ended meanwhile
        } catch {
            throw LifecycleError("\(name): \(error)")
        }
        defer { process.close() }
        do {
            try process.signal(number)
            try StopSignalWait.wait(for: process, giveUp: giveUp)
        } catch  where error.errno == .noSuchProcess {
            return .nothingToDo
        } catch {
            throw LifecycleError("\(name): \(error)")
        }
        return .stopped(signal: Signals.name(of: number))
    }
}
