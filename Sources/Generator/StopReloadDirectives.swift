import Definitions
import UnitFile

/// `StopTimeout=` → `TimeoutStopSec=`; `ReloadSignal=`/`ReloadCmd=` →
/// `ExecReload=`. Written before the admin's `[Service]` lines, which win.
enum StopReloadDirectives {
    static func entries(for definition: ContainerDefinition) -> [UnitFile.Entry] {
        var entries: [UnitFile.Entry] = []
        if let seconds = definition.stopTimeout {
            // 0 is podman's "kill at once"; to systemd 0 would mean "wait forever".
            entries.append(UnitFile.Entry(key: "TimeoutStopSec", value: seconds == 0 ? "1ms" : "\(seconds)", line: 0))
        }
        if let reload = definition.reload {
            entries.append(UnitFile.Entry(key: "ExecReload", value: execReload(reload), line: 0))
        }
        return entries
    }

    /// The command line: `swctl` by name, which systemd finds in its fixed
    /// search path (/usr/local/bin, /usr/bin, …) wherever it is installed.
    /// `swctl kill` signals the unit's main process (the container's init)
    /// through systemd; `swctl exec` runs the command in the container's
    /// namespaces and cgroup and gives its exit status to systemd.
    static func execReload(_ reload: ReloadAction) -> String {
        switch reload {
        case .signal(let signal):
            return "swctl kill --signal \(signal) %i"
        case .command(let command):
            // The words reach the container as written: no specifier (%) and
            // no variable ($) expansion by systemd.
            let words = command.map { word in
                UnitValue.quoted(word).replacingAll("%", with: "%%").replacingAll("$", with: "$$")
            }
            return "swctl exec %i " + words.joined(separator: " ")
        }
    }
}

extension String {
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
