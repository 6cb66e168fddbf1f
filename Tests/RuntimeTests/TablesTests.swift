import Syscalls
import Testing

@testable import Runtime

/// The name ↔ value tables, checked entry by entry against the kernel's numbers.
@Suite struct TablesTests {
    @Test(arguments: [
        ("ro", MountOptionEffect.flags(set: .readOnly, clear: [])),
        ("rw", .flags(set: [], clear: .readOnly)),
        ("nosuid", .flags(set: .noSetuid, clear: [])),
        ("suid", .flags(set: [], clear: .noSetuid)),
        ("nodev", .flags(set: .noDevices, clear: [])),
        ("noexec", .flags(set: .noExec, clear: [])),
        ("bind", .flags(set: .bind, clear: [])),
        ("rbind", .flags(set: [.bind, .recursive], clear: [])),
        ("relatime", .flags(set: .relativeAccessTime, clear: [])),
        ("strictatime", .flags(set: .strictAccessTime, clear: [])),
        ("rprivate", .propagation([.private, .recursive])),
        ("rslave", .propagation([.slave, .recursive])),
        ("shared", .propagation(.shared)),
    ])
    func mountOptionTableEntries(name: String, effect: MountOptionEffect) {
        #expect(mountOptionTable[name] == effect)
    }

    @Test func mountFlagsAreTheKernelValues() {
        #expect(MountFlags.readOnly.rawValue == 1)
        #expect(MountFlags.noSetuid.rawValue == 2)
        #expect(MountFlags.noDevices.rawValue == 4)
        #expect(MountFlags.noExec.rawValue == 8)
        #expect(MountFlags.remount.rawValue == 32)
        #expect(MountFlags.bind.rawValue == 4096)
        #expect(MountFlags.recursive.rawValue == 16384)
        #expect(MountFlags.private.rawValue == 1 << 18)
        #expect(MountFlags.slave.rawValue == 1 << 19)
        #expect(MountFlags.shared.rawValue == 1 << 20)
    }

    @Test func parsedOptionsSplitFlagsPropagationAndData() throws {
        let parsed = try ParsedMountOptions(["nosuid", "ro", "mode=755", "rw", "rprivate", "size=65536k", "noexec"])
        #expect(parsed.flags == [.noSetuid, .noExec])
        #expect(parsed.propagation == [[.private, .recursive]])
        #expect(parsed.dataString == "mode=755,size=65536k")
    }

    @Test func unsupportedMountOptionIsRefused() {
        #expect(throws: RuntimeError.invalidSpec("mount option 'tmpcopyup' is not supported")) {
            try ParsedMountOptions(["tmpcopyup"])
        }
    }

    @Test func idmapOptionsSelectTheScopeAndAreNoMountData() throws {
        #expect(try ParsedMountOptions(["rbind", "idmap"]).idmap == .mount)
        #expect(try ParsedMountOptions(["bind", "ridmap"]).idmap == .recursive)
        #expect(try ParsedMountOptions(["rbind", "ridmap"]).dataString == nil)
    }

    @Test(arguments: [
        ("TERM", Int32(15)), ("SIGTERM", 15), ("term", 15), ("15", 15), ("KILL", 9), ("HUP", 1), ("INT", 2),
        ("QUIT", 3), ("USR1", 10), ("USR2", 12), ("CHLD", 17), ("WINCH", 28), ("RTMIN", 34), ("RTMIN+3", 37),
        ("RTMAX", 64), ("RTMAX-1", 63),
    ])
    func signalNames(name: String, number: Int32) {
        #expect(Signals.parse(name) == number)
    }

    @Test(arguments: ["0", "65", "-1", "SIGFOO", "", "RTMIN+31"])
    func notSignals(name: String) {
        #expect(Signals.parse(name) == nil)
    }

    @Test func signalNameOfNumber() {
        #expect(Signals.name(of: 15) == "SIGTERM")
        #expect(Signals.name(of: 6) == "SIGABRT")
    }

    @Test func rlimitNames() {
        #expect(Rlimits.resources["RLIMIT_NOFILE"] == 7)
        #expect(Rlimits.resources["RLIMIT_NPROC"] == 6)
        #expect(Rlimits.resources["RLIMIT_CORE"] == 4)
        #expect(Rlimits.resources.count == 16)
    }

    @Test func namespaceFlagsAreCloneFlags() {
        #expect(NamespaceFlags.mount.rawValue == 0x0002_0000)
        #expect(NamespaceFlags.pid.rawValue == 0x2000_0000)
        #expect(NamespaceFlags.network.rawValue == 0x4000_0000)
        #expect(NamespaceFlags.cgroup.rawValue == 0x0200_0000)
    }
}
