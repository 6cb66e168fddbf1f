/// Quadlet keys that configure podman itself, pods or SELinux: refused
/// with why and what to use instead, so a file moved from Podman gets an
/// answer rather than a silent difference. Appended to `ContainerKeys.all`.
extension ContainerKeys {
    static let podmanOnly: [ContainerKey] = [
        refused(
            "PodmanArgs", list: true,
            "swctl runs no podman, so there is no command line to add to (use the [Container] key for the option, or [Service] for systemd settings)"
        ),
        refused(
            "GlobalArgs", list: true,
            "swctl runs no podman, so there are no global podman options (use the [Container] key for the option)"),
        refused(
            "ContainersConfModule", list: true,
            "swctl does not read containers.conf (set the option with its [Container] key, or defaults in /etc/swctl/swctl.conf)"
        ),
        refused(
            "Pod",
            "swctl has no pods (put the containers on a named network, Network=NAME, and order them with After=/Requires=)"
        ),
        refused(
            "StartWithPod",
            "swctl has no pods (order the containers with After=/Requires= or PartOf= in [Unit])"),
        ContainerKey("SecurityLabelDisable", reset: { _ in }) { _, value, warnings throws(KeyValueError) in
            if try ValueParsers.boolean(value) {
                warnings.append(
                    "ignored: swctl labels nothing for SELinux, so there is no label separation to turn off")
            }
        },
        refused("SecurityLabelFileType", selinux),
        refused("SecurityLabelLevel", selinux),
        refused("SecurityLabelNested", selinux),
        refused("SecurityLabelType", selinux),
        ContainerKey("ContainerName", reset: { _ in }) { definition, value, _ throws(KeyValueError) in
            guard value != definition.name else { return }
            throw KeyValueError(
                "a container is named by its file, here '\(definition.name)' (ctr@\(definition.name), swctl commands, the journal's CONTAINER_NAME): rename the file to \(value).container, or set HostName= for the name inside the container"
            )
        },
        ContainerKey("CgroupsMode", reset: { _ in }) { _, value, _ throws(KeyValueError) in
            guard value != "split" else { return }
            throw KeyValueError(
                "'\(value)': swctl always runs the container in a cgroup below its unit's (split), so systemd accounts and limits it (remove the key, or use CgroupsMode=split)"
            )
        },
        refused("IP6", "IPv6 is not supported on swctl networks yet (remove it; IP= sets an IPv4 address)"),
        ContainerKey("Retry", reset: { _ in }) { _, value, warnings throws(KeyValueError) in
            guard let count = ValueParsers.integer(value), count >= 0 else {
                throw KeyValueError("'\(value)' is not a number of retries (use e.g. 3)")
            }
            warnings.append(
                "ignored: a failed pull fails the start and systemd's Restart= retries it (set Restart=on-failure and RestartSec= in [Service])"
            )
        },
        ContainerKey("RetryDelay", reset: { _ in }) { _, _, warnings throws(KeyValueError) in
            warnings.append("ignored: systemd's RestartSec= in [Service] sets the delay between starts")
        },
    ]

    static let selinux =
        "SELinux is out of scope: swctl labels nothing (remove it; AppArmor= and SeccompProfile= confine the container)"

    /// A key whose every non-empty value is refused with `reason`.
    static func refused(_ name: String, list: Bool = false, _ reason: String) -> ContainerKey {
        ContainerKey(name, list: list, reset: { _ in }) { _, _, _ throws(KeyValueError) in
            throw KeyValueError(reason)
        }
    }
}
