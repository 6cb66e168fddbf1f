/// `RunInit=`, appended to `ContainerKeys.all`: a minimal init (swctl-init)
/// runs as the container's PID 1, reaps orphans and forwards signals.
extension ContainerKeys {
    static let runInit: [ContainerKey] = [
        ContainerKey("RunInit", reset: { $0.runInit = false }) { definition, value, _ throws(KeyValueError) in
            definition.runInit = try ValueParsers.boolean(value)
        }
    ]
}
