import Definitions

/// `AddDevice=` as systemd's `DeviceAllow=`: the template unit has
/// `DevicePolicy=closed`, so the unit's cgroup may use the standard pseudo
/// devices and exactly these (systemd.resource-control(5)).
public enum DeviceAllowMapping {
    /// One `DeviceAllow=HOST PERMISSIONS` per device, in the definition's order.
    public static func directives(for security: SecurityOptions) -> [(key: String, value: String)] {
        security.devices.map { ("DeviceAllow", "\($0.hostPath) \($0.permissions)") }
    }
}
