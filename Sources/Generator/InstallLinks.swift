import Definitions

/// `[Install]` as links in the generator's output directory, as
/// `systemctl enable` would make them for a template instance: each link is
/// named after the instance and points at the template, which is how
/// systemd learns the instance of a link (systemd.unit(5), "[Install]").
public enum InstallLinks {
    /// `X.wants/ctr@NAME.service`, `X.requires/…`, `X.upholds/…` for each
    /// target, and `ALIAS` for each alias, all pointing at `templatePath`.
    public static func links(for definition: ContainerDefinition, templatePath: String) -> [GeneratedFile] {
        let install = definition.install
        let service = definition.serviceName
        var paths: [String] = []
        paths += install.wantedBy.map { "\($0).wants/\(service)" }
        paths += install.requiredBy.map { "\($0).requires/\(service)" }
        paths += install.upheldBy.map { "\($0).upholds/\(service)" }
        paths += install.alias
        var seen: Set<String> = []
        return paths.filter { seen.insert($0).inserted }.map {
            GeneratedFile(path: $0, content: .symlink(templatePath))
        }
    }
}
