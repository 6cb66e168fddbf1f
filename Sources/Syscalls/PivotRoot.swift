import CShim

/// `pivot_root(2)`, for the child between clone and exec.
public enum PivotRoot {
    /// Moves the root mount to `putOld` and makes `newRoot` the root; the
    /// runtime calls it as `pivot_root(".", ".")` from inside the new root and
    /// then detaches the old root, which needs no directory for it.
    public static func pivot(newRoot: UnsafePointer<CChar>, putOld: UnsafePointer<CChar>) -> Errno? {
        errnoIfFailed { swctl_pivot_root(newRoot, putOld) }
    }
}
