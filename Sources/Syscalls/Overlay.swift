/// The overlay a container's root filesystem is: image layers read-only
/// below, the container's own writable directory above.
public enum Overlay {
    /// Mounts an overlay of `lower` (top layer first) under `upper` at
    /// `target`. Paths with `,` or `:` cannot be expressed in overlay's
    /// option string; the caller rejects them before.
    public static func mount(lower: [String], upper: String, work: String, target: String) throws(SyscallError) {
        let options = "lowerdir=\(lower.joined(separator: ":")),upperdir=\(upper),workdir=\(work)"
        try Mounts.mount(source: "overlay", target: target, type: "overlay", flags: .noDevices, data: options)
    }

    /// A read-only overlay of `lower` (at least two layers: overlayfs
    /// refuses one without an upper layer), with no upper or work dir.
    public static func mountReadOnly(lower: [String], target: String) throws(SyscallError) {
        let options = "lowerdir=\(lower.joined(separator: ":"))"
        try Mounts.mount(
            source: "overlay", target: target, type: "overlay", flags: [.noDevices, .readOnly], data: options)
    }

    /// Unmounts `target`. Nothing mounted there is fine (cleanup runs twice
    /// and after crashes); a busy mount is detached lazily so it goes away
    /// once its last user does.
    public static func unmount(_ target: String) throws(SyscallError) {
        do {
            try Mounts.unmount(target)
        } catch  where error.errno == .invalidArgument || error.errno == .noSuchFileOrDirectory {
            return
        } catch  where error.errno == .busy {
            try Mounts.unmount(target, detach: true)
        }
    }
}
