import CShim
import Glibc

/// Idmapped bind mounts (Linux 5.12): a detached copy of a directory tree
/// whose file owners are seen through a user namespace's maps, made by the
/// runtime before clone and attached by the init inside the container.
public enum IdmappedMount {
    /// A user namespace with these maps (`uid_map` file contents), only for
    /// MOUNT_ATTR_IDMAP: a child is cloned into a new one, the maps are
    /// written while it waits, its namespace file is opened, and it exits.
    public static func userNamespace(uidMap: String, gidMap: String) throws(SyscallError) -> FileDescriptor {
        let (pid, release) = try WaitingChild.spawn(namespaces: .user)
        defer {
            release.close()
            _ = try? Processes.wait(pid)
        }
        try UserNamespaceFiles.writeMap(.uid, of: pid, uidMap)
        try UserNamespaceFiles.writeMap(.gid, of: pid, gidMap)
        return try FileDescriptor.open("/proc/\(pid)/ns/user")
    }

    /// A detached copy of the mount at `path` (with the mounts below it
    /// when `recursiveTree`), idmapped through `userNamespace` (those below
    /// too when `recursiveIdmap`).
    public static func detachedTree(
        of path: String, recursiveTree: Bool, recursiveIdmap: Bool, userNamespace: FileDescriptor
    ) throws(SyscallError) -> FileDescriptor {
        let tree = try check("open_tree \(path)") { swctl_open_tree_clone(path, recursiveTree ? 1 : 0) }
        let descriptor = FileDescriptor(rawValue: tree)
        do {
            _ = try check(
                "idmap the mount of \(path) (mount_setattr MOUNT_ATTR_IDMAP; does its file system support idmapped mounts?)"
            ) {
                swctl_mount_setattr_idmap(tree, userNamespace.rawValue, recursiveIdmap ? 1 : 0)
            }
        } catch {
            descriptor.close()
            throw error
        }
        return descriptor
    }

    /// For the init: attaches the detached tree onto the open mount point.
    public static func attach(_ tree: Int32, onto target: Int32) -> Errno? {
        errnoIfFailed { swctl_move_mount_onto(tree, target) }
    }
}
