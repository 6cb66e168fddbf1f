import Syscalls

/// What one fstab-style mount option does.
enum MountOptionEffect: Equatable {
    /// Sets and clears mount flags (`ro`, `rw`, `nosuid`, `bind`, …).
    case flags(set: MountFlags, clear: MountFlags)
    /// A propagation change made with its own mount call after the mount.
    case propagation(MountFlags)
}

/// The mount options of `mounts[].options` with an effect on flags; any other
/// option (`mode=755`, `size=64k`, `newinstance`, …) is filesystem data
/// passed to mount(2) as is. The same names as mount(8) and runc.
let mountOptionTable: [String: MountOptionEffect] = [
    "async": .flags(set: [], clear: .synchronous),
    "atime": .flags(set: [], clear: .noAccessTime),
    "bind": .flags(set: .bind, clear: []),
    "defaults": .flags(set: [], clear: []),
    "dev": .flags(set: [], clear: .noDevices),
    "diratime": .flags(set: [], clear: .noDirectoryAccessTime),
    "dirsync": .flags(set: .directorySync, clear: []),
    "exec": .flags(set: [], clear: .noExec),
    "lazytime": .flags(set: .lazyTime, clear: []),
    "loud": .flags(set: [], clear: .silent),
    "mand": .flags(set: .mandatoryLocks, clear: []),
    "noatime": .flags(set: .noAccessTime, clear: []),
    "nodev": .flags(set: .noDevices, clear: []),
    "nodiratime": .flags(set: .noDirectoryAccessTime, clear: []),
    "noexec": .flags(set: .noExec, clear: []),
    "nolazytime": .flags(set: [], clear: .lazyTime),
    "nomand": .flags(set: [], clear: .mandatoryLocks),
    "norelatime": .flags(set: [], clear: .relativeAccessTime),
    "nostrictatime": .flags(set: [], clear: .strictAccessTime),
    "nosuid": .flags(set: .noSetuid, clear: []),
    "nosymfollow": .flags(set: .noSymlinkFollow, clear: []),
    "rbind": .flags(set: [.bind, .recursive], clear: []),
    "relatime": .flags(set: .relativeAccessTime, clear: []),
    "remount": .flags(set: .remount, clear: []),
    "ro": .flags(set: .readOnly, clear: []),
    "rw": .flags(set: [], clear: .readOnly),
    "silent": .flags(set: .silent, clear: []),
    "strictatime": .flags(set: .strictAccessTime, clear: []),
    "suid": .flags(set: [], clear: .noSetuid),
    "sync": .flags(set: .synchronous, clear: []),
    "private": .propagation(.private),
    "rprivate": .propagation([.private, .recursive]),
    "shared": .propagation(.shared),
    "rshared": .propagation([.shared, .recursive]),
    "slave": .propagation(.slave),
    "rslave": .propagation([.slave, .recursive]),
    "unbindable": .propagation(.unbindable),
    "runbindable": .propagation([.unbindable, .recursive]),
]

/// Options that select a behaviour of other runtimes this one does not
/// have; refusing them beats silently doing something else.
let unsupportedMountOptions: Set<String> = [
    "tmpcopyup", "rro", "rrw", "rnosuid", "rnodev", "rnoexec",
]

/// A mount's options, split into flags, propagation changes and data.
struct ParsedMountOptions: Equatable {
    var flags: MountFlags = []
    var propagation: [MountFlags] = []
    var data: [String] = []
    /// `idmap` (this mount) or `ridmap` (the mounts below it too).
    var idmap: IdmapScope?

    enum IdmapScope: Equatable { case mount, recursive }

    init(_ options: [String]) throws(RuntimeError) {
        for option in options {
            if option == "idmap" || option == "ridmap" {
                idmap = option == "idmap" ? .mount : .recursive
                continue
            }
            if unsupportedMountOptions.contains(option) {
                throw .invalidSpec("mount option '\(option)' is not supported")
            }
            switch mountOptionTable[option] {
            case .flags(let set, let clear)?:
                flags.subtract(clear)
                flags.formUnion(set)
            case .propagation(let change)?:
                propagation.append(change)
            case nil:
                data.append(option)
            }
        }
    }

    /// The data argument of mount(2), nil when there is none.
    var dataString: String? { data.isEmpty ? nil : data.joined(separator: ",") }
}
