/// Keys that parse one by one but do not work together: each finding names
/// the key it is reported at (its last line in the file) and what to do.
public struct KeyConsistencyFinding: Sendable, Equatable {
    public var key: String
    /// The `[Service]` directive the finding is about, when it is one.
    public var serviceDirective: String?
    public var isError: Bool
    public var message: String
}

extension ContainerDefinition {
    /// What `swctl validate` (and the generator) report about keys that
    /// contradict each other or cannot do what they promise.
    public var consistencyFindings: [KeyConsistencyFinding] {
        var findings: [KeyConsistencyFinding] = []
        func error(_ key: String, _ message: String) {
            findings.append(KeyConsistencyFinding(key: key, isError: true, message: "\(key): \(message)"))
        }
        if notify == .healthy {
            if health.command == .disabled {
                error(
                    "Notify",
                    "healthy waits for a health check, and HealthCmd=none turns it off (set HealthCmd=, or Notify=yes)")
            } else if health.intervalMicroseconds == 0 {
                error(
                    "Notify",
                    "healthy waits for a health check, and HealthInterval=disable never runs one (give an interval, e.g. HealthInterval=30s, or Notify=yes)"
                )
            }
        }
        if let autoUpdate, imageFile == nil, let problem = autoUpdate.problem(withImage: image) {
            error("AutoUpdate", problem)
        }
        if autoUpdate == .registry, pull == .always || pull == .newer {
            findings.append(
                KeyConsistencyFinding(
                    key: "AutoUpdate", isError: false,
                    message:
                        "AutoUpdate: a rollback restarts the container on the previous image, and Pull=always would pull the rejected one again (use Pull=missing)"
                ))
        }
        let reloadKey: String? =
            switch reload {
            case .signal: "ReloadSignal"
            case .command: "ReloadCmd"
            case nil: nil
            }
        let overrides: [(key: String, directive: String)] = [
            stopTimeout != nil ? ("StopTimeout", "TimeoutStopSec") : nil,
            reloadKey.map { ($0, "ExecReload") },
        ].compactMap { $0 }
        for override in overrides {
            guard serviceSection.contains(where: { $0.key == override.directive && !$0.value.isEmpty }) else {
                continue
            }
            findings.append(
                KeyConsistencyFinding(
                    key: override.key, serviceDirective: override.directive, isError: false,
                    message: "\(override.directive): overrides \(override.key)= from [Container] (set it in one place)")
            )
        }
        return findings
    }
}
