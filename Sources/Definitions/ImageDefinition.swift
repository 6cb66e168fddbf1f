import UnitFile

/// An image declared as `NAME.image` beside the container definitions
/// (Podman Quadlet's `[Image]` keys). It becomes the unit
/// `swctl-image@NAME.service`, a oneshot that pulls the image; a container
/// with `Image=NAME.image` runs that image and starts after the pull.
public struct ImageDefinition: Sendable, Equatable {
    /// The file's base name: what `Image=NAME.image` names.
    public var name: String
    public var sourcePath: String
    /// `Image=`: the reference to pull.
    public var image: String
    /// `AuthFile=`: the credentials file the pull reads
    /// (`REGISTRY_AUTH_FILE`).
    public var authFile: String?
    /// `Arch=`, `OS=`, `Variant=`: the platform to pull from a
    /// multi-platform image; each unset part is the host's.
    public var arch: String?
    public var os: String?
    public var variant: String?
    /// `[Unit]` lines, passed to the image's unit.
    public var unitSection: [UnitFile.Entry]

    public init(name: String, sourcePath: String, image: String = "") {
        self.name = name
        self.sourcePath = sourcePath
        self.image = image
        self.unitSection = []
    }

    /// The definition file suffix.
    public static let fileSuffix = ".image"

    /// `swctl-image@NAME.service`: the unit that pulls the image.
    public static func serviceName(forFile name: String) -> String { "swctl-image@\(name).service" }

    /// The image name a file stands for: its base name without `.image`.
    public static func name(fromPath path: String) -> String? {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        guard base.hasSuffix(fileSuffix), base.count > fileSuffix.count else { return nil }
        return String(base.dropLast(fileSuffix.count))
    }

    /// `OS/ARCH[/VARIANT]` for `swctl image pull --platform`, nil when no
    /// part is set; `hostOS`/`hostArch` fill the parts left unset.
    public func platform(hostOS: String = "linux", hostArch: String = ImageDefinition.hostArchitecture) -> String? {
        guard arch != nil || os != nil || variant != nil else { return nil }
        let base = "\(os ?? hostOS)/\(arch ?? hostArch)"
        return variant.map { base + "/" + $0 } ?? base
    }

    /// The architecture swctl is built for, as OCI names it.
    public static var hostArchitecture: String {
        #if arch(x86_64)
            "amd64"
        #elseif arch(arm64)
            "arm64"
        #elseif arch(arm)
            "arm"
        #elseif arch(i386)
            "386"
        #elseif arch(s390x)
            "s390x"
        #elseif arch(powerpc64le)
            "ppc64le"
        #else
            "riscv64"
        #endif
    }
}

extension ImageDefinition {
    /// `Image=NAME.image` in a definition: NAME, the image file it names;
    /// nil for any other value (a path or a reference).
    static func fileReference(_ value: String) throws(KeyValueError) -> String? {
        guard let name = name(fromPath: value), !value.contains("/"), !value.contains(":") else { return nil }
        guard ContainerDefinition.isValidPlainName(name) else {
            throw KeyValueError("'\(value)' is not NAME.image (\(ContainerDefinition.nameRule))")
        }
        return name
    }
}
