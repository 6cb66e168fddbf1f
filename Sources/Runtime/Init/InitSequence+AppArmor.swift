import Confinement
import Syscalls

extension InitSequence {
    /// `process.apparmorProfile`: the init asks the kernel to confine its
    /// next execve by the profile, by writing `exec PROFILE` to its own
    /// AppArmor exec attribute (what `aa_change_onexec` does, without the
    /// library call in the child). The profile must be loaded; an unknown
    /// one fails the write with ENOENT, named in the error.
    mutating func addAppArmorProfile(_ profile: String?) throws(RuntimeError) {
        guard let profile, !profile.isEmpty else { return }
        guard AppArmor.isEnabled else {
            throw .invalidSpec(
                "process.apparmorProfile '\(profile)': AppArmor is not enabled on this host"
                    + " (no profile can be applied; remove the key or enable AppArmor)")
        }
        add(
            .writeProcFile(
                path: arena.string(AppArmor.execAttributePath),
                value: arena.string(AppArmor.changeOnExecCommand(profile: profile))),
            "apply AppArmor profile '\(profile)' on exec (is it loaded? see aa-status)")
    }
}
