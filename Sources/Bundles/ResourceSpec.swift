import Definitions
import OCI

/// `Ulimit=` as `process.rlimits`; nil without any, so the container
/// keeps the limits the runtime inherits from the unit (`LimitNOFILE=` …).
func processLimits(_ resources: Definitions.Resources) -> [Rlimit]? {
    guard !resources.ulimits.isEmpty else { return nil }
    return resources.ulimits.map { Rlimit(type: $0.resource, hard: $0.hard, soft: $0.soft) }
}

/// The default mounts with `ShmSize=` as the /dev/shm tmpfs's `size=`
/// (in KiB, rounded up, as the default `size=65536k`).
func sizedShm(_ mounts: [Mount], _ resources: Definitions.Resources) -> [Mount] {
    guard let bytes = resources.shmSizeBytes else { return mounts }
    let kibibytes = bytes / 1024 + (bytes % 1024 == 0 ? 0 : 1)
    return mounts.map { mount in
        guard mount.destination == "/dev/shm" else { return mount }
        var sized = mount
        sized.options = (mount.options ?? []).filter { !$0.hasPrefix("size=") } + ["size=\(kibibytes)k"]
        return sized
    }
}
