import UnitFile

/// What a definition's `[Service]` may not say, because the `ctr@.service`
/// template depends on it: the drop-in is merged with the template, so
/// these lines would break every start of the container.
enum ServiceSectionRules {
    /// The problem with one `[Service]` entry, or nil when it is fine.
    static func problem(with entry: UnitFile.Entry) -> String? {
        switch entry.key {
        case "ExecStart":
            return "ExecStart: set by the ctr@.service template (put the command in [Container] Exec=)"
        case "Type" where entry.value != "notify":
            return
                "Type: '\(entry.value)' replaces the template's Type=notify (remove it: the runtime tells systemd when the container runs)"
        case "NotifyAccess" where entry.value == "none":
            return "NotifyAccess: 'none' would ignore the runtime's notification (remove it)"
        case "Delegate" where entry.value.isEmpty || UnitValue.boolean(entry.value) == false:
            return "Delegate: the runtime needs the delegated cgroup the template asks for (remove this line)"
        case "ExecStartPre" where entry.value.isEmpty:
            return "ExecStartPre: an empty assignment drops the template's 'swctl prepare' (remove this line)"
        case "DynamicUser" where !entry.value.isEmpty && UnitValue.boolean(entry.value) == nil:
            return "DynamicUser: '\(entry.value)' is not a boolean (use yes or no)"
        case "User" where entry.value.contains(":") || entry.value.contains(" "):
            return "User: '\(entry.value)' is not a user name or UID (set the group with Group=)"
        case "ExecStopPost" where entry.value.isEmpty:
            return "ExecStopPost: an empty assignment drops the template's 'swctl cleanup' (remove this line)"
        default:
            return nil
        }
    }

    /// `[Service]` directives the generator writes from `[Container]` keys.
    static let resourceDirectives: [(directive: String, key: String)] = [
        ("MemoryMax", "Memory"), ("TasksMax", "PidsLimit"), ("CPUQuota", "CPUs"),
        ("MemorySwapMax", "MemorySwap"), ("CPUWeight", "CPUWeight"), ("IOWeight", "IOWeight"),
    ]
}
