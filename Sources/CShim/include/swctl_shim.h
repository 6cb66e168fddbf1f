// Shims for what Swift cannot call directly: syscalls without a glibc
// wrapper, macros, and variadic or enum-typed C functions. Each function says
// why it exists. Every name is prefixed swctl_.
#pragma once
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>

/// clone3(2) has no glibc wrapper. Called with no stack it behaves like
/// fork(2): the child returns 0 on a copy of the caller's stack. `cgroup_fd`
/// >= 0 adds CLONE_INTO_CGROUP. The child's pidfd (CLONE_PIDFD) is stored in
/// `*pidfd` when `pidfd` is not NULL. Returns the child's PID, 0 in the
/// child, -1 with errno on failure.
pid_t swctl_clone3(uint64_t flags, int cgroup_fd, int *pidfd);

/// The classic clone(2) without a new stack, for kernels without clone3:
/// the glibc clone() wrapper insists on a stack and a function.
pid_t swctl_clone_fork(uint64_t flags);

/// pivot_root(2) has no glibc wrapper.
int swctl_pivot_root(const char *new_root, const char *put_old);

/// openat2(2) has no glibc wrapper; RESOLVE_* flags keep a path lookup
/// inside a directory (symlinks in an image cannot leave the rootfs).
int swctl_openat2(int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve);

/// setrlimit's resource parameter is an enum type in glibc's headers, which
/// Swift imports as a distinct type; this takes a plain int.
int swctl_setrlimit(int resource, uint64_t soft, uint64_t hard);

/// seccomp(SECCOMP_SET_MODE_FILTER, flags, &prog) for a BPF program of
/// `count` 8-byte instructions; no wrapper in glibc 2.36.
int swctl_seccomp_set_filter(unsigned int flags, const void *instructions, unsigned short count);

/// memfd_create(2) with MFD_CLOEXEC.
int swctl_memfd_create(const char *name);

/// personality(2): <sys/personality.h> is not in Swift's Glibc module.
int swctl_personality(unsigned long persona);

/// pidfd_open(2): no wrapper in glibc 2.36.
int swctl_pidfd_open(pid_t pid);

/// pidfd_send_signal(2): no wrapper in glibc 2.36.
int swctl_pidfd_send_signal(int pidfd, int signal);

/// sendmsg with one file descriptor in SCM_RIGHTS: CMSG_* are macros.
/// `fd` < 0 sends no descriptor.
ssize_t swctl_send_with_fd(int sock, const void *buf, size_t len,
                           const struct sockaddr *addr, socklen_t addrlen, int fd);

/// recvmsg that returns one received descriptor (SCM_RIGHTS) in `*fd`
/// (-1 when none) and the sender's PID (SCM_CREDENTIALS, needs SO_PASSCRED)
/// in `*pid` (0 when none): CMSG_* are macros.
ssize_t swctl_recv_with_fd(int sock, void *buf, size_t len, int *fd, pid_t *pid);

/// The W* macros of <sys/wait.h> are not imported by Swift.
int swctl_wifexited(int status);
int swctl_wexitstatus(int status);
int swctl_wifsignaled(int status);
int swctl_wtermsig(int status);

/// Declared by glibc only under _GNU_SOURCE, which Swift's Glibc module does
/// not define: setns, unshare, setresuid, setresgid, pipe2.
int swctl_setns(int fd, int nstype);
int swctl_unshare(int flags);
int swctl_setresuid(uid_t ruid, uid_t euid, uid_t suid);
int swctl_setresgid(gid_t rgid, gid_t egid, gid_t sgid);
int swctl_pipe2(int fds[2], int flags);

/// prctl(2) is variadic.
int swctl_prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4,
                unsigned long arg5);

/// makedev is a macro.
uint64_t swctl_makedev(uint32_t major, uint32_t minor);

/// close_range(2) with CLOSE_RANGE_CLOEXEC: marks every descriptor from
/// `first` up close-on-exec, so the container inherits only stdio (glibc
/// 2.36 declares close_range only under _GNU_SOURCE).
int swctl_cloexec_from(unsigned int first);
