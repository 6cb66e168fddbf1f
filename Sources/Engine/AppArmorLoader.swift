import Bundles
import Syscalls

/// Loads swctl's default AppArmor profile into the kernel with
/// apparmor_parser, only when it is not loaded yet or its text changed
/// (the text is kept in `directory` and compared), so a start normally
/// costs two small reads. The paths are parameters so tests use a temp dir.
public struct AppArmorLoader: Sendable {
    /// `Y` when the kernel has AppArmor enabled.
    public var enabledFile = "/sys/module/apparmor/parameters/enabled"
    /// AppArmor's securityfs directory (`profiles` lists the loaded ones).
    public var securityDirectory = "/sys/kernel/security/apparmor"
    /// Where the profile text is kept between starts.
    public var directory: String
    /// `apparmor_parser`, searched in these places.
    public var parserCandidates = ["/usr/sbin/apparmor_parser", "/sbin/apparmor_parser"]
    /// Where the base abstractions live (included when present).
    public var abstractionsFile = "/etc/apparmor.d/abstractions/base"

    public init(directory: String) { self.directory = directory }

    /// AppArmor is enabled in the kernel and its securityfs is mounted.
    public var isEnabled: Bool {
        let enabled = (try? FileSystem.readTextFile(enabledFile))?.hasPrefix("Y") ?? false
        return enabled && FileSystem.exists(securityDirectory + "/profiles")
    }

    /// Whether `name` is loaded (in any mode).
    public func isLoaded(_ name: String) -> Bool {
        guard let list = try? FileSystem.readTextFile(securityDirectory + "/profiles") else { return false }
        return list.split(separator: "\n").contains { $0.hasPrefix(name + " (") }
    }

    /// Makes sure the default profile is loaded with the current text and
    /// returns its name.
    public func ensureDefaultProfile() throws(LifecycleError) -> String {
        let name = defaultAppArmorProfileName
        let text = appArmorProfileText(name: name, abstractions: FileSystem.exists(abstractionsFile))
        let path = directory + "/" + name
        let unchanged = (try? FileSystem.readTextFile(path)) == text
        if unchanged && isLoaded(name) { return name }
        guard let parser = parserCandidates.first(where: FileSystem.exists) else {
            throw LifecycleError(
                "load AppArmor profile \(name): apparmor_parser not found (apt-get install apparmor, or set AppArmor=unconfined)"
            )
        }
        do {
            try FileSystem.makeDirectories(directory, permissions: 0o755)
            try FileSystem.writeFileAtomically(path, contents: Array(text.utf8), permissions: 0o644)
        } catch {
            throw LifecycleError("load AppArmor profile \(name): \(error)")
        }
        // -r replaces a loaded profile atomically; -K skips apparmor_parser's
        // own binary cache (the text kept here decides when to reload).
        let status: ExitStatus
        do { status = try ChildProcess.run(parser, ["-K", "-r", path]) } catch {
            throw LifecycleError("load AppArmor profile \(name): \(error)")
        }
        guard status == .exited(0) else {
            try? FileSystem.removeFile(path)
            throw LifecycleError("load AppArmor profile \(name): \(parser) -r \(path): \(status)")
        }
        return name
    }
}
