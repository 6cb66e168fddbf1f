// The new mount API calls behind idmapped mounts (Linux 5.12): glibc 2.36's
// <sys/mount.h> has them but clashes with <linux/mount.h>, so thin wrappers
// over syscall(2) with the kernel's numbers and struct.
#pragma once
#include <stdint.h>

/// open_tree(2) with OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC (and AT_RECURSIVE
/// when `recursive`): a detached copy of the mount at `path`.
int swctl_open_tree_clone(const char *path, int recursive);

/// mount_setattr(2) on a detached tree: MOUNT_ATTR_IDMAP with `userns_fd`.
int swctl_mount_setattr_idmap(int tree_fd, int userns_fd, int recursive);

/// move_mount(2) of a detached tree onto the directory or file open as `target_fd`.
int swctl_move_mount_onto(int tree_fd, int target_fd);

/// statfs(2)'s f_type for `path` (RAMFS_MAGIC, TMPFS_MAGIC, …), -1 on error.
long swctl_filesystem_type(const char *path);

/// statfs(2)'s f_flags for `path` (ST_NOSUID, ST_NODEV, …), -1 on error.
long swctl_mount_flags(const char *path);
