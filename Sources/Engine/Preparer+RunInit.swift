import Bundles
import Definitions
import OCI
import Syscalls

extension Preparer {
    /// `RunInit=yes` (swctl-init as the container's PID 1) and the digest of
    /// the image the bundle is made from (read back by `swctl auto-update`).
    func applyLifecycle(_ definition: ContainerDefinition, imageDigest: String?, to spec: inout Spec)
        throws(LifecycleError)
    {
        if let imageDigest {
            spec.annotations = (spec.annotations ?? [:]).merging([AutoUpdateAnnotation.imageDigest: imageDigest]) {
                $1
            }
        }
        guard definition.runInit else { return }
        guard let initPath = RunInitBinary.find(environment: hostEnvironment) else {
            let looked = RunInitBinary.candidates(environment: hostEnvironment).joined(separator: ", ")
            throw LifecycleError("\(definition.sourcePath): RunInit=yes: swctl-init not found (looked at \(looked))")
        }
        RunInitSpec.apply(initOnHost: initPath, to: &spec)
    }
}

/// Where swctl-init is on the host.
enum RunInitBinary {
    /// `$SWCTL_INIT`, then next to the running swctl (a build directory),
    /// then PREFIX/libexec/swctl/init for swctl in PREFIX/bin, then /usr's.
    static func candidates(environment: [String: String]) -> [String] {
        var paths: [String] = []
        if let explicit = environment["SWCTL_INIT"], !explicit.isEmpty { paths.append(explicit) }
        if let own = ChildProcess.ownDirectory() {
            paths.append(own + "/swctl-init")
            if own.hasSuffix("/bin") { paths.append(String(own.dropLast(4)) + "/libexec/swctl/init") }
        }
        paths.append("/usr/libexec/swctl/init")
        return paths
    }

    static func find(environment: [String: String]) -> String? {
        candidates(environment: environment).first { (try? FileSystem.status($0))??.kind == .regular }
    }
}

/// The spec annotation naming the image a bundle was made from.
public enum AutoUpdateAnnotation {
    /// The digest the image's name pointed at when `swctl prepare` ran.
    public static let imageDigest = "org.swctl.image.digest"
}
