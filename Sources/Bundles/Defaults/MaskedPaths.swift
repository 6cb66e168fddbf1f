/// Paths under /proc and /sys that leak host information or give control
/// over the host; masked (made unreadable) in every container, as Docker does.
public let defaultMaskedPaths: [String] = [
    "/proc/asound",
    "/proc/acpi",
    "/proc/interrupts",
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
    "/proc/scsi",
    "/sys/firmware",
    "/sys/devices/virtual/powercap",
]

/// Paths that stay visible but read-only (kernel tunables and triggers).
public let defaultReadonlyPaths: [String] = [
    "/proc/bus",
    "/proc/fs",
    "/proc/irq",
    "/proc/sys",
    "/proc/sysrq-trigger",
]
