import OCI

/// The filesystems every container gets, in mount order; the same set
/// `runc spec` and Docker use. /sys is read-only; /sys/fs/cgroup shows the
/// container's own cgroup (its cgroup namespace), read-only.
public let defaultMounts: [Mount] = [
    Mount(destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"]),
    Mount(
        destination: "/dev", type: "tmpfs", source: "tmpfs",
        options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
    Mount(
        destination: "/dev/pts", type: "devpts", source: "devpts",
        options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
    Mount(
        destination: "/dev/shm", type: "tmpfs", source: "shm",
        options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
    Mount(destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"]),
    Mount(destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"]),
    Mount(
        destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup",
        options: ["nosuid", "noexec", "nodev", "relatime", "ro"]),
]

/// Options a tmpfs from `Tmpfs=` starts with, as `podman run --tmpfs`; the
/// definition's own options come after and win.
public let defaultTmpfsOptions = ["rw", "nosuid", "nodev", "noexec"]
