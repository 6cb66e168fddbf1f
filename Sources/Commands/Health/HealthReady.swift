import Syscalls
import SystemdProtocols

/// `Notify=healthy`: READY=1 for the container's unit once its check passed.
///
/// systemd (NotifyAccess=all) accepts a notification from any process in
/// the unit's cgroup, and looks the sender's cgroup up when it handles the
/// message. So this process joins the container's cgroup for the time of
/// one message and a barrier (which returns once systemd has handled it),
/// then goes back to its own service's cgroup.
enum HealthReady {
    static let managerSocket = "/run/systemd/notify"
    static let cgroupRoot = "/sys/fs/cgroup"

    static func send(containerPID: UInt32) throws(CommandFailure) {
        let action = "notify ready"
        guard let target = unifiedCgroup(of: "/proc/\(containerPID)/cgroup"),
            let own = unifiedCgroup(of: "/proc/self/cgroup")
        else {
            throw CommandFailure(.failure, "\(action): no cgroup v2 path for PID \(containerPID)")
        }
        let pid = String(Processes.currentID)
        do {
            try FileDescriptor.writeFile(cgroupRoot + target + "/cgroup.procs", pid)
        } catch {
            throw CommandFailure(.failure, "\(action): join \(target): \(error)")
        }
        defer { try? FileDescriptor.writeFile(cgroupRoot + own + "/cgroup.procs", pid) }
        let notifier = Notifier(socketPath: managerSocket)
        do {
            try notifier.send("READY=1\nSTATUS=healthy")
            _ = try notifier.barrier()
        } catch {
            throw CommandFailure(.failure, "\(action): \(managerSocket): \(error)")
        }
    }

    /// The `0::/path` line of a /proc/PID/cgroup file.
    static func unifiedCgroup(of file: String) -> String? {
        guard let text = try? FileSystem.readTextFile(file) else { return nil }
        return text.split(separator: "\n").first { $0.hasPrefix("0::") }.map { String($0.dropFirst(3)) }
    }
}
