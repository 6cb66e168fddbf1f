import CAppArmor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The host's AppArmor, through libapparmor.
///
/// The runtime asks only whether AppArmor is on and what confines a process;
/// the switch to a container's profile itself is a write of
/// `exec PROFILE` to `/proc/self/attr/apparmor/exec` made by the init just
/// before execve, so the child needs no library call (and no allocation)
/// between clone and exec.
public enum AppArmor {
    /// Whether AppArmor is enabled and usable on this host (`aa_is_enabled`).
    public static var isEnabled: Bool { aa_is_enabled() == 1 }

    /// The label and mode confining process `pid` (`aa_gettaskcon`), e.g.
    /// (`swctl-default`, `enforce`) or (`unconfined`, nil); nil when it
    /// cannot be read (AppArmor off, or no such process).
    public static func confinement(of pid: Int32) -> (label: String, mode: String?)? {
        var label: UnsafeMutablePointer<CChar>?
        var mode: UnsafeMutablePointer<CChar>?
        guard aa_gettaskcon(pid, &label, &mode) >= 0, let label else { return nil }
        // label and mode share one allocation: free only label.
        defer { free(label) }
        return (String(cString: label), mode.map { String(cString: $0) })
    }

    /// The attribute a task writes to change its profile on its next execve:
    /// the AppArmor-specific file (Linux 5.8, where several LSMs may be
    /// stacked), else the older shared one.
    public static var execAttributePath: String {
        let specific = "/proc/self/attr/apparmor/exec"
        return access(specific, F_OK) == 0 ? specific : "/proc/self/attr/exec"
    }

    /// What the init writes to make `profile` apply from its next execve.
    public static func changeOnExecCommand(profile: String) -> String {
        "exec \(profile)"
    }
}
