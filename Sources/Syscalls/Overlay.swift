#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A failed mount or unmount, naming what was mounted where
/// (`mount overlay on /run/swctl/bundles/web/rootfs: EINVAL (invalid argument)`).
public struct MountError: Error, Equatable, Sendable, CustomStringConvertible {
    public var operation: String
    public var target: String
    public var errno: Errno

    public init(_ operation: String, target: String, errno: Errno) {
        self.operation = operation
        self.target = target
        self.errno = errno
    }

    public var description: String { "\(operation) \(target): \(errno)" }
}

/// The overlay a container's root filesystem is: image layers read-only
/// below, the container's own writable directory above.
public enum Overlay {
    /// Mounts an overlay of `lower` (top layer first) under `upper` at
    /// `target`. Paths with `,` or `:` cannot be expressed in overlay's
    /// option string; the caller rejects them before.
    public static func mount(lower: [String], upper: String, work: String, target: String) throws(MountError) {
        let options = "lowerdir=\(lower.joined(separator: ":")),upperdir=\(upper),workdir=\(work)"
        if Glibc.mount("overlay", target, "overlay", UInt(MS_NODEV), options) != 0 {
            throw MountError("mount overlay (\(options)) on", target: target, errno: .current)
        }
    }

    /// Unmounts `target`. Nothing mounted there is fine (cleanup runs twice
    /// and after crashes); a busy mount is detached lazily so it goes away
    /// once its last user does.
    public static func unmount(_ target: String) throws(MountError) {
        if umount2(target, 0) == 0 { return }
        switch Errno.current {
        case .invalidArgument, .noSuchFileOrDirectory:
            return
        case .busy:
            if umount2(target, Int32(MNT_DETACH)) == 0 { return }
            throw MountError("unmount", target: target, errno: .current)
        default:
            throw MountError("unmount", target: target, errno: .current)
        }
    }
}
