import Cgroups
import OCI
import Syscalls

/// `linux.resources.devices` as device filter rules, followed by allow
/// rules for the devices every container has, as runc and crun do: the
/// default devices stay usable whatever the spec's rules deny, so a spec's
/// usual `deny a rwm` leaves /dev/null and friends working.
enum DeviceFilterRules {
    /// Mknod of any node (the init creates `linux.devices`), the
    /// runtime-spec default devices, /dev/ptmx and the ptys of /dev/pts.
    static let defaults: [DeviceFilter.Rule] = [
        .init(allow: true, kind: .char, access: .mknod),
        .init(allow: true, kind: .block, access: .mknod),
        .init(allow: true, kind: .char, major: 1, minor: 3),  // /dev/null
        .init(allow: true, kind: .char, major: 1, minor: 5),  // /dev/zero
        .init(allow: true, kind: .char, major: 1, minor: 7),  // /dev/full
        .init(allow: true, kind: .char, major: 1, minor: 8),  // /dev/random
        .init(allow: true, kind: .char, major: 1, minor: 9),  // /dev/urandom
        .init(allow: true, kind: .char, major: 5, minor: 0),  // /dev/tty
        .init(allow: true, kind: .char, major: 5, minor: 2),  // /dev/ptmx
        .init(allow: true, kind: .char, major: 136),  // /dev/pts/*
    ]

    /// The spec's rules in order, then `defaults`. Type absent means all,
    /// major or minor absent or negative means any, access absent or empty
    /// means `rwm` (crun's reading of the optional field).
    static func rules(_ spec: [Resources.DeviceRule]?) throws(RuntimeError) -> [DeviceFilter.Rule] {
        var rules: [DeviceFilter.Rule] = []
        for (index, rule) in (spec ?? []).enumerated() {
            let field = "linux.resources.devices[\(index)]"
            let kind: DeviceFilter.Kind
            switch rule.type ?? "a" {
            case "a": kind = .all
            case "b": kind = .block
            case "c": kind = .char
            default: throw .invalidSpec("\(field).type: '\(rule.type ?? "")' is not a, b or c")
            }
            let letters = rule.access ?? ""
            guard let access = letters.isEmpty ? DeviceFilter.Access.all : DeviceFilter.Access(letters: letters) else {
                throw .invalidSpec("\(field).access: '\(letters)' is not made of r, w and m")
            }
            rules.append(
                DeviceFilter.Rule(
                    allow: rule.allow, kind: kind, major: try number(rule.major, "\(field).major"),
                    minor: try number(rule.minor, "\(field).minor"), access: access))
        }
        return rules + defaults
    }

    private static func number(_ value: Int64?, _ field: String) throws(RuntimeError) -> UInt32? {
        guard let value, value >= 0 else { return nil }
        guard let number = UInt32(exactly: value) else { throw .invalidSpec("\(field): \(value) is out of range") }
        return number
    }
}

extension DeviceFilterRules {
    /// Compiles the spec's rules and attaches the filter to the container's
    /// cgroup before the init is cloned into it, so no process of the
    /// container ever runs without it. A failed create detaches it again
    /// (for a cgroup that existed before; one made here goes away whole).
    ///
    /// A spec without `linux.resources.devices` gets no filter (runc loads
    /// one with the defaults even then): bundles made by `swctl prepare`
    /// have none, their unit guards devices, and bpf(2) is not allowed
    /// everywhere a unit runs (systemd-nspawn's seccomp filter refuses it).
    static func attach(
        _ spec: [Resources.DeviceRule]?, to cgroup: Cgroup, rollback: CreationRollback
    ) throws(RuntimeError) {
        guard let spec else { return }
        let program = DeviceFilter.compile(try rules(spec))
        let loaded: FileDescriptor
        do { loaded = try cgroup.attachDeviceFilter(program) } catch { throw .cgroup(error) }
        rollback.add {
            cgroup.detachDeviceFilter(loaded)
            loaded.close()
        }
    }
}
