/// `StopTimeout=`: how long `systemctl stop` waits for the container to end
/// before SIGKILL, appended to `ContainerKeys.all`.
extension ContainerKeys {
    static let stop: [ContainerKey] = [
        ContainerKey("StopTimeout", reset: { $0.stopTimeout = nil }) { definition, value, _ throws(KeyValueError) in
            // Seconds, as podman's --stop-timeout; systemd's own time spans
            // (1min 30s) belong in [Service] TimeoutStopSec=.
            guard value.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let seconds = Int(value),
                seconds <= 31_536_000
            else {
                throw KeyValueError(
                    "'\(value)' is not a number of seconds (use e.g. 30, or 0 to kill at once; up to a year)")
            }
            definition.stopTimeout = seconds
        }
    ]
}
