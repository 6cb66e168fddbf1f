import Syscalls

/// systemd-machined registration, as systemd-nspawn does it: with the
/// annotation `org.swctl.machine=NAME` (swctl sets it), a container that is
/// running is registered as machine NAME of class container whose leader is
/// its init, in the init's own unit and cgroup (`RegisterMachine`, not
/// `CreateMachine`, which would make a scope). `machinectl list` and
/// `machinectl status NAME` then show it; machined forgets it when that
/// unit stops. Best effort: without machined nothing happens, and no
/// failure here stops a container.
enum MachineRegistration {
    static let annotation = "org.swctl.machine"

    static func registerIfAsked(_ record: ContainerRecord, diagnostics: Diagnostics) {
        guard let name = record.annotations?[annotation], !name.isEmpty else { return }
        do {
            try SystemdBus().call(
                destination: "org.freedesktop.machine1", path: "/org/freedesktop/machine1",
                interface: "org.freedesktop.machine1.Manager", "RegisterMachine",
                [
                    .string(name), .array(signature: "y", []), .string("swctl"), .string("container"),
                    .uint32(UInt32(bitPattern: record.pid)), .string(record.rootfs),
                ],
                operation: "register machine \(name) with systemd-machined")
        } catch {
            // No bus, no libsystemd, or no machined (ServiceUnknown): nothing to register with.
            let absent: [Errno] = [.noSuchFileOrDirectory, .connectionRefused, .hostUnreachable]
            if absent.contains(error.errno) { return }
            diagnostics.warning("\(error): machinectl will not list this container")
        }
    }
}
