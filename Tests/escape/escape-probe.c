/*
 * escape-probe: attempts one way out of a container per argument and prints
 * one line each, `NAME=denied:ERRNO` or `NAME=ALLOWED[:detail]`, so a test
 * asserts the denial and its cause. Built static at test time
 * (gcc -static -O2 -o escape-probe escape-probe.c) and copied into a busybox
 * root filesystem: it reaches the system calls busybox cannot.
 *
 *   escape-probe ATTACK[=ARG] ...
 *
 * ARG is a host PID for ptrace/kill. `whoami` prints the effective uid
 * (`euid=N`), for the setuid-under-no_new_privs check.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include <netinet/in.h>
#include <linux/bpf.h>
#include <linux/keyctl.h>
#include <linux/sched.h>

static int report(const char *name, long result, int saved) {
    if (result < 0) {
        printf("%s=denied:%s\n", name, strerrorname_np(saved) ? strerrorname_np(saved) : "?");
        return 0;
    }
    printf("%s=ALLOWED\n", name);
    return 1;
}

#define TRY(name, call) do { errno = 0; long r_ = (long)(call); report(name, r_, errno); } while (0)

/* Reads a file: denied when it cannot be opened or reads nothing (masked). */
static void try_read(const char *name, const char *path) {
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) { report(name, -1, errno); return; }
    char buffer[64];
    ssize_t n = read(fd, buffer, sizeof buffer);
    int saved = errno;
    close(fd);
    if (n < 0) { report(name, -1, saved); return; }
    if (n == 0) { printf("%s=denied:empty\n", name); return; }
    printf("%s=ALLOWED:%zd bytes\n", name, n);
}

static void try_write(const char *name, const char *path, const char *text) {
    int fd = open(path, O_WRONLY);
    if (fd < 0) { report(name, -1, errno); return; }
    ssize_t n = write(fd, text, strlen(text));
    int saved = errno;
    close(fd);
    report(name, n, saved);
}

/* A /sys file that gives control over the host, whichever this kernel has:
 * the hotplug helper (CONFIG_UEVENT_HELPER), kernel samepage merging, or the
 * uevent counter every kernel has. */
static const char *sys_target(void) {
    static const char *candidates[] = {"/sys/kernel/uevent_helper", "/sys/kernel/mm/ksm/run", "/sys/kernel/uevent_seqnum"};
    for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++)
        if (access(candidates[i], F_OK) == 0) return candidates[i];
    return candidates[0];
}

/* mknod then open: CAP_MKNOD may make the node, the device cgroup must refuse the open. */
static void try_device(const char *name, const char *path, mode_t kind, unsigned major, unsigned minor) {
    unlink(path);
    if (mknod(path, kind | 0600, makedev(major, minor)) < 0) { report(name, -1, errno); return; }
    int fd = open(path, O_RDONLY);
    int saved = errno;
    if (fd >= 0) close(fd);
    unlink(path);
    report(name, fd, saved);
}

static void try_unshare_mount(void) {
    if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0) { report("unshare-mount", -1, errno); return; }
    TRY("unshare-mount", mount("tmpfs", "/tmp", "tmpfs", 0, NULL));
}

static void try_clone_namespace(void) {
    pid_t pid = (pid_t)syscall(SYS_clone, CLONE_NEWNS | SIGCHLD, NULL, NULL, NULL, NULL);
    if (pid == 0) _exit(0);
    if (pid > 0) waitpid(pid, NULL, 0);
    report("clone-newns", pid, errno);
}

static void try_clone3(void) {
    struct clone_args args;
    memset(&args, 0, sizeof args);
    args.exit_signal = SIGCHLD;
    long pid = syscall(SYS_clone3, &args, sizeof args);
    if (pid == 0) _exit(0);
    if (pid > 0) waitpid((pid_t)pid, NULL, 0);
    report("clone3", pid, errno);
}

static void try_bpf(void) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.map_type = BPF_MAP_TYPE_ARRAY;
    attr.key_size = 4;
    attr.value_size = 4;
    attr.max_entries = 1;
    TRY("bpf", syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof attr));
}

static void try_open_by_handle(void) {
    struct { struct file_handle handle; unsigned char bytes[128]; } h;
    memset(&h, 0, sizeof h);
    h.handle.handle_bytes = 128;
    int mount_id = 0;
    /* name_to_handle_at is allowed; open_by_handle_at (shocker) is not. */
    if (name_to_handle_at(AT_FDCWD, "/", &h.handle, &mount_id, 0) < 0) h.handle.handle_bytes = 8;
    int root = open("/", O_RDONLY | O_DIRECTORY);
    TRY("open_by_handle_at", syscall(SYS_open_by_handle_at, root, &h.handle, O_RDONLY));
    if (root >= 0) close(root);
}

static void try_setuid_binary(void) {
    printf("euid=%u\n", (unsigned)geteuid());
}

static void attack(const char *spec) {
    char name[64];
    const char *arg = strchr(spec, '=');
    size_t length = arg ? (size_t)(arg - spec) : strlen(spec);
    if (length >= sizeof name) length = sizeof name - 1;
    memcpy(name, spec, length);
    name[length] = 0;
    long pid = arg ? strtol(arg + 1, NULL, 10) : 0;

    if (!strcmp(name, "mount")) TRY(name, mount("tmpfs", "/tmp", "tmpfs", 0, NULL));
    else if (!strcmp(name, "umount")) TRY(name, umount2("/proc", MNT_DETACH));
    else if (!strcmp(name, "unshare-mount")) try_unshare_mount();
    else if (!strcmp(name, "unshare-user")) TRY(name, unshare(CLONE_NEWUSER));
    else if (!strcmp(name, "clone-newns")) try_clone_namespace();
    else if (!strcmp(name, "clone3")) try_clone3();
    else if (!strcmp(name, "keyctl")) TRY(name, syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, "escape"));
    else if (!strcmp(name, "add_key")) TRY(name, syscall(SYS_add_key, "user", "escape", "x", 1, KEY_SPEC_SESSION_KEYRING));
    else if (!strcmp(name, "bpf")) try_bpf();
    else if (!strcmp(name, "ptrace")) TRY(name, ptrace(PTRACE_ATTACH, (pid_t)pid, NULL, NULL));
    else if (!strcmp(name, "kill")) TRY(name, kill((pid_t)pid, 0));
    else if (!strcmp(name, "open_by_handle_at")) try_open_by_handle();
    else if (!strcmp(name, "mknod-block")) try_device(name, "/escape-sda", S_IFBLK, 8, 0);
    else if (!strcmp(name, "mknod-kmsg")) try_device(name, "/escape-kmsg", S_IFCHR, 1, 11);
    else if (!strcmp(name, "mknod-mem")) try_device(name, "/escape-mem", S_IFCHR, 1, 1);
    else if (!strcmp(name, "write-proc-sys")) try_write(name, "/proc/sys/kernel/hostname", "escaped\n");
    else if (!strcmp(name, "write-sysrq")) try_write(name, "/proc/sysrq-trigger", "h");
    else if (!strcmp(name, "write-sys")) try_write(name, sys_target(), "0\n");
    else if (!strcmp(name, "read-kcore")) try_read(name, "/proc/kcore");
    else if (!strcmp(name, "read-kmsg")) try_read(name, "/dev/kmsg");
    else if (!strcmp(name, "sethostname")) TRY(name, sethostname("escaped", 7));
    else if (!strcmp(name, "init_module")) TRY(name, syscall(SYS_init_module, "", 0, ""));
    else if (!strcmp(name, "finit_module")) TRY(name, syscall(SYS_finit_module, 0, "", 0));
    else if (!strcmp(name, "raw-socket")) TRY(name, socket(AF_INET, SOCK_RAW, IPPROTO_ICMP));
    else if (!strcmp(name, "vsock")) TRY(name, socket(40 /* AF_VSOCK */, SOCK_STREAM, 0));
    else if (!strcmp(name, "personality")) TRY(name, personality(READ_IMPLIES_EXEC));
    else if (!strcmp(name, "chroot")) TRY(name, chroot("/tmp"));
    else if (!strcmp(name, "whoami")) try_setuid_binary();
    else printf("%s=unknown-attack\n", name);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 1; i < argc; i++) attack(argv[i]);
    return 0;
}
