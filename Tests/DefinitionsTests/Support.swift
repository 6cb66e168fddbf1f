import Definitions

let webPath = "/etc/swctl/containers/web.container"

/// Parses a definition whose `[Container]` section starts with
/// `Image=/var/lib/machines/web` (line 2) followed by `lines` (from line 3).
func parseContainer(_ lines: String, path: String = webPath) -> DefinitionParseResult {
    ContainerDefinition.parse(text: "[Container]\nImage=/var/lib/machines/web\n\(lines)\n", path: path)
}

/// The definition `parseContainer("")` gives, changed by `change`.
func expectedDefinition(_ change: (inout ContainerDefinition) -> Void = { _ in }) -> ContainerDefinition {
    var definition = ContainerDefinition(name: "web", sourcePath: webPath, image: "/var/lib/machines/web")
    change(&definition)
    return definition
}
