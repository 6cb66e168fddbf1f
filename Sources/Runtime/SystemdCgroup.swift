/// `linux.cgroupsPath` in runc's systemd form, `SLICE:PREFIX:NAME`: the
/// container runs in a transient scope unit `PREFIX-NAME.scope` that systemd
/// makes in `SLICE` (default `system.slice`), asked over D-Bus
/// (`--systemd-cgroup` only). Pure: names and paths, no bus.
struct SystemdCgroupPath: Equatable {
    /// The slice unit, e.g. `system.slice`.
    var slice: String
    /// The scope unit, e.g. `swctl-test-web.scope`.
    var unit: String

    /// Nil when `cgroupsPath` is not of the `a:b:c` form (a cgroup path).
    /// Throws for the form with a part that systemd would not take.
    init?(_ cgroupsPath: String?, id: String) throws(RuntimeError) {
        guard let cgroupsPath else { return nil }
        let parts = cgroupsPath.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return nil }
        func invalid(_ why: String) -> RuntimeError {
            .invalidSpec("linux.cgroupsPath '\(cgroupsPath)': \(why)")
        }
        slice = parts[0].isEmpty ? "system.slice" : parts[0]
        guard slice.hasSuffix(".slice"), !slice.contains("/") else {
            throw invalid("'\(slice)' is not a slice unit name (NAME.slice)")
        }
        let name = parts[2].isEmpty ? id : parts[2]
        guard !name.hasSuffix(".slice") else { throw invalid("a slice as the container's unit is not supported") }
        guard Self.isUnitNameSafe(parts[1]), Self.isUnitNameSafe(name) else {
            throw invalid("prefix and name may hold letters, digits and ':-_.\\' only")
        }
        unit = (parts[1].isEmpty ? "" : parts[1] + "-") + name + ".scope"
        _ = try Self.expand(slice: slice, cgroupsPath: cgroupsPath)
    }

    /// Where systemd puts the scope: the slice's cgroup (a-b.slice lives in
    /// /a.slice/a-b.slice), then the unit.
    var cgroupPath: String {
        ((try? Self.expand(slice: slice, cgroupsPath: "")) ?? "") + "/" + unit
    }

    /// `a-b-c.slice` → `/a.slice/a-b.slice/a-b-c.slice`; `-.slice` is the root.
    static func expand(slice: String, cgroupsPath: String) throws(RuntimeError) -> String {
        let base = String(slice.dropLast(".slice".count))
        if base == "-" { return "" }
        var path = ""
        var prefix = ""
        for component in base.split(separator: "-", omittingEmptySubsequences: false) {
            guard !component.isEmpty else {
                throw .invalidSpec("linux.cgroupsPath '\(cgroupsPath)': slice '\(slice)' has an empty part between '-'")
            }
            prefix += (prefix.isEmpty ? "" : "-") + component
            path += "/" + prefix + ".slice"
        }
        return path
    }

    /// systemd's unit name alphabet (unit_name_is_valid), without `@`.
    private static func isUnitNameSafe(_ text: String) -> Bool {
        text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                UInt8(ascii: "."), UInt8(ascii: "\\"):
                return true
            default:
                return false
            }
        }
    }
}
