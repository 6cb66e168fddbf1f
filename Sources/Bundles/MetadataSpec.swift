import Definitions

/// `Label=` then `Annotation=` as the spec's annotations: over the image's
/// labels (a container's label wins, as in podman), under swctl's own.
func definitionAnnotations(_ definition: ContainerDefinition) -> [String: String] {
    definition.labels.merging(definition.annotations) { $1 }
}

/// `Sysctl=` as `linux.sysctl`; nil when there is none.
func definitionSysctls(_ definition: ContainerDefinition) -> [String: String]? {
    definition.sysctls.isEmpty ? nil : definition.sysctls
}
