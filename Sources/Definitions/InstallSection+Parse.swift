import UnitFile

extension InstallSection {
    /// `[Install]` keys and what each does for a container.
    static let linkKeys = ["WantedBy", "RequiredBy", "UpheldBy", "Alias"]
    /// systemd `[Install]` keys that have no meaning for a generated unit.
    static let ignoredKeys = ["Also", "DefaultInstance"]

    /// Reads `[Install]` entries for the container `name` (nil when the
    /// name is invalid: aliases are then checked as unit names only).
    /// Values are space-separated unit names; an empty assignment resets
    /// the key, as in systemd.
    static func parse(
        _ entries: [UnitFile.Entry], containerName name: String?, report: (Diagnostic.Severity, String, UnitFile.Entry) -> Void
    ) -> InstallSection {
        var install = InstallSection()
        for entry in entries {
            // A template's default instance: the definition store reads it.
            if entry.key == "DefaultInstance", name?.contains("@") ?? false { continue }
            if ignoredKeys.contains(entry.key) {
                report(.warning, "\(entry.key): ignored (swctl makes no use of it for containers)", entry)
                continue
            }
            guard linkKeys.contains(entry.key) else {
                let hint =
                    Suggestion.closest(to: entry.key, among: linkKeys + ignoredKeys)
                    .map { "did you mean \($0)?" } ?? "use WantedBy, RequiredBy, UpheldBy or Alias"
                report(.error, "\(entry.key): unknown key in [Install] (\(hint))", entry)
                continue
            }
            let units: [String]
            do {
                units = try UnitValue.words(entry.value)
            } catch {
                report(.error, "\(entry.key): \(ValueParsers.describe(error, in: entry.value))", entry)
                continue
            }
            var accepted: [String] = []
            for unit in units {
                if let problem = problem(with: unit, key: entry.key, containerName: name) {
                    report(.error, "\(entry.key): \(problem)", entry)
                } else {
                    accepted.append(unit)
                }
            }
            switch entry.key {
            case "WantedBy": install.wantedBy = units.isEmpty ? [] : install.wantedBy + accepted
            case "RequiredBy": install.requiredBy = units.isEmpty ? [] : install.requiredBy + accepted
            case "UpheldBy": install.upheldBy = units.isEmpty ? [] : install.upheldBy + accepted
            default: install.alias = units.isEmpty ? [] : install.alias + accepted
            }
        }
        return install
    }

    private static func problem(with unit: String, key: String, containerName name: String?) -> String? {
        guard UnitValue.isValidUnitName(unit), !UnitValue.isTemplateName(unit) else {
            return key == "Alias"
                ? "'\(unit)' is not a unit name (use e.g. app@\(name ?? "NAME").service)"
                : "'\(unit)' is not a unit name (use e.g. multi-user.target)"
        }
        guard key == "Alias", let name else { return nil }
        // The alias is a link to the template and systemd takes the instance
        // from the link's name: only PREFIX@NAME.service reaches this container
        // (systemd refuses a plain name linked to a template).
        let stem = unit.hasSuffix(".service") ? unit.dropLast(".service".count) : nil
        guard let stem, let at = stem.firstIndex(of: "@"), stem[stem.index(after: at)...] == name else {
            return
                "'\(unit)' cannot name ctr@\(name).service (an alias of a template instance is an instance with the same name: use e.g. app@\(name).service)"
        }
        return nil
    }
}
