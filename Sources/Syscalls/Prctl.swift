import CShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The `prctl(2)` options the runtime uses.
public enum Prctl {
    // From <linux/prctl.h>, which Swift's Glibc module does not include.
    private static let setKeepCaps: Int32 = 8
    private static let setNoNewPrivs: Int32 = 38
    private static let getNoNewPrivs: Int32 = 39

    /// PR_SET_NO_NEW_PRIVS: execve never grants privileges (setuid bits, file caps).
    public static func setNoNewPrivileges() -> Errno? {
        errnoIfFailed { swctl_prctl(setNoNewPrivs, 1, 0, 0, 0) }
    }

    /// PR_SET_KEEPCAPS: keep permitted capabilities across a change to a non-zero UID.
    public static func setKeepCapabilities(_ keep: Bool) -> Errno? {
        errnoIfFailed { swctl_prctl(setKeepCaps, keep ? 1 : 0, 0, 0, 0) }
    }

    /// PR_GET_NO_NEW_PRIVS.
    public static var noNewPrivileges: Bool {
        swctl_prctl(getNoNewPrivs, 0, 0, 0, 0) == 1
    }
}
