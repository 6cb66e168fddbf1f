import OCI

/// The devices every container gets (runtime-spec "Default Devices"), in
/// addition to `linux.devices`.
let defaultDevices: [Device] = [
    Device(type: "c", path: "/dev/null", major: 1, minor: 3, fileMode: 0o666, uid: 0, gid: 0),
    Device(type: "c", path: "/dev/zero", major: 1, minor: 5, fileMode: 0o666, uid: 0, gid: 0),
    Device(type: "c", path: "/dev/full", major: 1, minor: 7, fileMode: 0o666, uid: 0, gid: 0),
    Device(type: "c", path: "/dev/random", major: 1, minor: 8, fileMode: 0o666, uid: 0, gid: 0),
    Device(type: "c", path: "/dev/urandom", major: 1, minor: 9, fileMode: 0o666, uid: 0, gid: 0),
    Device(type: "c", path: "/dev/tty", major: 5, minor: 0, fileMode: 0o666, uid: 0, gid: 0),
]

/// Symbolic links in /dev every container gets (runtime-spec "Dev symbolic
/// links"); `/dev/ptmx` replaces whatever is there.
let defaultDeviceLinks: [(path: String, target: String, replace: Bool)] = [
    ("/dev/fd", "/proc/self/fd", false),
    ("/dev/stdin", "/proc/self/fd/0", false),
    ("/dev/stdout", "/proc/self/fd/1", false),
    ("/dev/stderr", "/proc/self/fd/2", false),
    ("/dev/ptmx", "pts/ptmx", true),
]
