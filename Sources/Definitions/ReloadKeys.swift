/// What `systemctl reload ctr@NAME` does: `ReloadSignal=` or `ReloadCmd=`.
public enum ReloadAction: Sendable, Equatable {
    /// `ReloadSignal=`: the signal (e.g. `SIGHUP`) sent to the container's init.
    case signal(String)
    /// `ReloadCmd=`: a command (argv) run inside the running container.
    case command([String])
}

/// `ReloadSignal=` and `ReloadCmd=`, appended to `ContainerKeys.all`. The
/// two exclude each other: the second one set is the error, at its line.
extension ContainerKeys {
    static let reload: [ContainerKey] = [
        ContainerKey("ReloadSignal", reset: { $0.clearReload(ifCommand: false) }) {
            definition, value, _ throws(KeyValueError) in
            if case .command = definition.reload {
                throw KeyValueError(
                    "ReloadCmd= is set too (use one of ReloadSignal= and ReloadCmd=; an empty ReloadCmd= clears it)")
            }
            guard let signal = SignalName.normalized(value) else {
                throw KeyValueError("'\(value)' is not a signal (use e.g. SIGHUP, USR1 or 1)")
            }
            definition.reload = .signal(signal)
        },
        ContainerKey("ReloadCmd", reset: { $0.clearReload(ifCommand: true) }) {
            definition, value, _ throws(KeyValueError) in
            if case .signal = definition.reload {
                throw KeyValueError(
                    "ReloadSignal= is set too (use one of ReloadSignal= and ReloadCmd=; an empty ReloadSignal= clears it)"
                )
            }
            let command = try ValueParsers.commandLine(value)
            guard !command.isEmpty else {
                throw KeyValueError("'\(value)' names no command (use e.g. ReloadCmd=/usr/sbin/nginx -s reload)")
            }
            definition.reload = .command(command)
        },
    ]
}

extension ContainerDefinition {
    /// An empty `ReloadSignal=` clears only a signal, an empty `ReloadCmd=`
    /// only a command.
    mutating func clearReload(ifCommand: Bool) {
        switch reload {
        case .command where ifCommand, .signal where !ifCommand: reload = nil
        default: break
        }
    }
}
