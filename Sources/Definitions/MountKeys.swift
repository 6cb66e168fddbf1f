import UnitFile

/// `Mount=type=bind|tmpfs,…` (podman's `--mount`): the same bind and tmpfs
/// mounts `Volume=` and `Tmpfs=` make, in the long form. Appended to
/// `ContainerKeys.all`; each mount joins `volumes` or `tmpfs`, so it is
/// ordered, checked and mounted exactly as those are.
extension ContainerKeys {
    static let mount: [ContainerKey] = [
        ContainerKey("Mount", list: true, reset: resetMounts) { definition, value, warnings throws(KeyValueError) in
            let mount = try mountSpecification(
                value, definitionDirectory: directory(of: definition.sourcePath),
                warnings: &warnings)
            definition.mounts.append(mount)
            switch mount {
            case .bind(let volume): definition.volumes.append(volume)
            case .tmpfs(let tmpfs): definition.tmpfs.append(tmpfs)
            }
        }
    ]

    /// `Mount=` empty: forget the mounts `Mount=` added, keep `Volume=`'s and `Tmpfs=`'s.
    @Sendable static func resetMounts(_ definition: inout ContainerDefinition) {
        for mount in definition.mounts {
            switch mount {
            case .bind(let volume):
                if let index = definition.volumes.lastIndex(of: volume) { definition.volumes.remove(at: index) }
            case .tmpfs(let tmpfs):
                if let index = definition.tmpfs.lastIndex(of: tmpfs) { definition.tmpfs.remove(at: index) }
            }
        }
        definition.mounts = []
    }

    static let mountUsage =
        "use e.g. type=bind,source=/srv/www,destination=/var/www,ro or type=tmpfs,destination=/cache,tmpfs-size=64M"

    /// Parses podman's `--mount` syntax for `type=bind` and `type=tmpfs`.
    static func mountSpecification(
        _ value: String, definitionDirectory: String, warnings: inout [String]
    ) throws(KeyValueError) -> MountSpecification {
        var fields: [(name: String, value: String?)] = []
        for field in value.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            fields.append((String(pieces[0]), pieces.count == 2 ? String(pieces[1]) : nil))
        }
        guard let type = fields.first(where: { $0.name == "type" })?.value else {
            throw KeyValueError("'\(value)' has no type= (\(mountUsage))")
        }
        let rest = fields.filter { $0.name != "type" }
        switch type {
        case "bind":
            return .bind(try bindMount(rest, in: value, definitionDirectory: definitionDirectory, warnings: &warnings))
        case "tmpfs":
            return .tmpfs(try tmpfsMount(rest, in: value))
        case "volume":
            throw KeyValueError("type=volume is not supported by Mount= (use Volume=SOURCE:DESTINATION)")
        case "devpts":
            throw KeyValueError("type=devpts is not needed: every container has its own /dev/pts")
        default:
            throw KeyValueError(
                "type=\(type) is not supported (Mount= takes type=bind and type=tmpfs; \(mountUsage))")
        }
    }

    static func destination(_ fields: [(name: String, value: String?)], in value: String) throws(KeyValueError)
        -> String
    {
        let names: Set<String> = ["destination", "dst", "target"]
        guard let path = fields.last(where: { names.contains($0.name) })?.value, !path.isEmpty else {
            throw KeyValueError("'\(value)' has no destination= (\(mountUsage))")
        }
        guard path.hasPrefix("/") else {
            throw KeyValueError("destination '\(path)' is not an absolute path (\(mountUsage))")
        }
        return path
    }

    /// `true`/`false` for an option that may stand alone (`ro`, `ro=true`).
    static func flag(_ field: (name: String, value: String?), in value: String) throws(KeyValueError) -> Bool {
        guard let text = field.value else { return true }
        guard let result = UnitValue.boolean(text) else {
            throw KeyValueError("'\(field.name)=\(text)' in '\(value)' is not a boolean (use true or false)")
        }
        return result
    }

    static func bindMount(
        _ fields: [(name: String, value: String?)], in value: String, definitionDirectory: String,
        warnings: inout [String]
    ) throws(KeyValueError) -> VolumeMount {
        guard var source = fields.last(where: { $0.name == "source" || $0.name == "src" })?.value, !source.isEmpty
        else {
            throw KeyValueError("'\(value)' has no source= (\(mountUsage))")
        }
        // As Quadlet: a source starting with `.` is relative to the definition.
        if source.hasPrefix(".") { source = definitionDirectory + "/" + source }
        guard source.hasPrefix("/") else {
            throw KeyValueError("source '\(source)' is not an absolute path (\(mountUsage))")
        }
        var mount = VolumeMount(source: source, destination: try destination(fields, in: value))
        let propagation: Set<String> = ["private", "rprivate", "shared", "rshared", "slave", "rslave"]
        let flags: Set<String> = ["nosuid", "suid", "nodev", "dev", "noexec", "exec"]
        for field in fields {
            switch field.name {
            case "source", "src", "destination", "dst", "target": continue
            case "ro", "readonly": mount.readOnly = try flag(field, in: value)
            case "rw": mount.readOnly = !(try flag(field, in: value))
            case "bind-propagation":
                guard let mode = field.value, propagation.contains(mode) else {
                    throw KeyValueError(
                        "'\(field.name)=\(field.value ?? "")' in '\(value)' is not a propagation (use one of \(propagation.sorted().joined(separator: ", ")))"
                    )
                }
                mount.options.append(mode)
            case "bind-nonrecursive":
                if try flag(field, in: value) { mount.options.insert("bind", at: 0) }
            case "relabel", "z", "Z":
                warnings.append("option '\(field.name)' in '\(value)' ignored (swctl does not relabel for SELinux)")
            case _ where flags.contains(field.name) && field.value == nil:
                mount.options.append(field.name)
            default:
                throw KeyValueError(
                    "unknown bind option '\(field.name)' in '\(value)' (use source, destination, ro, rw, bind-propagation, bind-nonrecursive, nosuid, nodev, noexec)"
                )
            }
        }
        return mount
    }

    static func tmpfsMount(_ fields: [(name: String, value: String?)], in value: String) throws(KeyValueError)
        -> TmpfsMount
    {
        let target = try destination(fields, in: value)
        guard !target.contains(":") else {
            throw KeyValueError("destination '\(target)' of a tmpfs cannot contain ':'")
        }
        var options: [String] = []
        for field in fields {
            switch field.name {
            case "destination", "dst", "target", "notmpcopyup": continue
            case "tmpfs-size", "size": options.append("size=\(field.value ?? "")")
            case "tmpfs-mode", "mode": options.append("mode=\(field.value ?? "")")
            case "ro", "readonly": if try flag(field, in: value) { options.append("ro") }
            case "rw": if try flag(field, in: value) { options.append("rw") }
            case "nosuid", "suid", "nodev", "dev", "noexec", "exec", "noatime", "atime":
                options.append(field.name)
            case "tmpcopyup":
                throw KeyValueError(
                    "tmpcopyup in '\(value)': the tmpfs starts empty, the image's files there are not copied (remove it)"
                )
            default:
                throw KeyValueError(
                    "unknown tmpfs option '\(field.name)' in '\(value)' (use destination, tmpfs-size, tmpfs-mode, ro, nosuid, nodev, noexec)"
                )
            }
        }
        // Tmpfs= checks the values (sizes, modes) the same way.
        return try TmpfsMount.parse(options.isEmpty ? target : target + ":" + options.joined(separator: ","))
    }
}

/// One `Mount=`: a bind or tmpfs mount, also listed in `volumes`/`tmpfs`.
public enum MountSpecification: Sendable, Equatable {
    case bind(VolumeMount)
    case tmpfs(TmpfsMount)
}
