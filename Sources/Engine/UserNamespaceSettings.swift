import Syscalls
import UnitFile

/// How a container with a user namespace gets image layers its root owns:
/// `[UserNS] Layers=` in `/etc/swctl/swctl.conf`.
public enum LayerOwnership: String, Sendable, Equatable, CaseIterable {
    /// Idmapped mounts, and a chown'ed copy for a layer whose file system
    /// has none (the default).
    case auto
    /// Idmapped mounts only: a layer that cannot be idmapped is an error.
    case idmap
    /// Always a chown'ed copy, cached per ID range and layer.
    case copy
}

/// The `[UserNS]` section of swctl.conf:
///
///     [UserNS]
///     Layers=auto|idmap|copy
public struct UserNamespaceSettings: Sendable, Equatable {
    public var layers: LayerOwnership = .auto

    public init(layers: LayerOwnership = .auto) {
        self.layers = layers
    }

    /// Reads the `[UserNS]` section of swctl.conf's text; other sections
    /// are someone else's.
    public static func parse(_ text: String, path: String) throws(LifecycleError) -> UserNamespaceSettings {
        var settings = UserNamespaceSettings()
        let parsed = UnitFile.parse(text, file: path)
        if let problem = parsed.diagnostics.first { throw LifecycleError("read \(path): \(problem)") }
        for entry in parsed.unitFile.entries(in: "UserNS") {
            switch entry.key {
            case "Layers":
                guard let mode = LayerOwnership(rawValue: entry.value) else {
                    throw LifecycleError(
                        "\(path):\(entry.line): Layers: '\(entry.value)' is not a layer mode (use auto, idmap or copy)")
                }
                settings.layers = mode
            default:
                throw LifecycleError("\(path):\(entry.line): [UserNS]: unknown key \(entry.key) (use Layers)")
            }
        }
        return settings
    }

    /// The settings in the swctl.conf `environment` names (`SWCTL_CONFIG`,
    /// else /etc/swctl/swctl.conf); the defaults when there is none.
    public static func load(environment: [String: String]) throws(LifecycleError) -> UserNamespaceSettings {
        let path = environment["SWCTL_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? "/etc/swctl/swctl.conf"
        guard FileSystem.exists(path) else { return UserNamespaceSettings() }
        do {
            return try parse(try FileSystem.readTextFile(path), path: path)
        } catch let error as LifecycleError {
            throw error
        } catch {
            throw LifecycleError("read \(path): \(error)")
        }
    }
}
