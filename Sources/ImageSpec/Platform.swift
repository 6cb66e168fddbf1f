/// The platform an image runs on (image-spec `image-index.md#platform`).
public struct Platform: Codable, Equatable, Hashable, Sendable, CustomStringConvertible {
    public var architecture: String
    public var os: String
    public var osVersion: String?
    public var osFeatures: [String]?
    public var variant: String?

    enum CodingKeys: String, CodingKey {
        case architecture, os, variant
        case osVersion = "os.version"
        case osFeatures = "os.features"
    }

    public init(architecture: String, os: String, variant: String? = nil) {
        self.architecture = architecture
        self.os = os
        self.variant = variant
        self.osVersion = nil
        self.osFeatures = nil
    }

    /// `os/architecture[/variant]`, as `--platform` spells it.
    public var description: String {
        let base = "\(os)/\(architecture)"
        guard let variant, !variant.isEmpty else { return base }
        return base + "/" + variant
    }

    /// Parses `os/architecture[/variant]`; nil when it has not two or three parts.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.init(
            architecture: Platform.normalArchitecture(parts[1]), os: parts[0].lowercased(),
            variant: parts.count == 3 ? parts[2] : nil)
    }
}

extension Platform {
    /// The canonical (GOARCH) name of a machine name from `uname -m`.
    public static func normalArchitecture(_ name: String) -> String {
        switch name.lowercased() {
        case "x86_64", "x86-64", "amd64": return "amd64"
        case "aarch64", "arm64": return "arm64"
        case "armhf", "armv7l", "armv7", "arm": return "arm"
        case "armel", "armv6l": return "arm"
        case "i386", "i486", "i586", "i686", "386": return "386"
        default: return name.lowercased()
        }
    }

    /// The level a variant names within its architecture, so that a host of
    /// level N runs images of level ≤ N (amd64 v1…v4, arm v5…v7, arm64 v8…v9);
    /// an absent variant is the architecture's baseline. Nil when unknown.
    static func variantLevel(architecture: String, variant: String?) -> Int? {
        let text = (variant ?? "").lowercased()
        if text.isEmpty {
            switch architecture {
            case "amd64": return 1
            case "arm64": return 8
            case "arm": return 7
            default: return 0
            }
        }
        guard text.first == "v", let level = Int(text.dropFirst()) else { return nil }
        if architecture == "arm64", level < 8 { return nil }
        return level
    }

    /// How well an image built for `self` runs on `host`: nil when it cannot,
    /// otherwise a rank where higher is closer (an exact variant beats an
    /// older one the host still runs).
    public func rank(on host: Platform) -> Int? {
        guard os.lowercased() == host.os.lowercased() else { return nil }
        let architecture = Platform.normalArchitecture(self.architecture)
        guard architecture == Platform.normalArchitecture(host.architecture) else { return nil }
        guard let hostVariant = host.variant, !hostVariant.isEmpty else {
            // The host did not say: any variant runs, the baseline ranks highest
            // because it runs on every machine of the architecture.
            guard let level = Platform.variantLevel(architecture: architecture, variant: variant) else { return nil }
            return 100 - level
        }
        guard let mine = Platform.variantLevel(architecture: architecture, variant: variant),
            let hosts = Platform.variantLevel(architecture: architecture, variant: hostVariant),
            mine <= hosts
        else { return nil }
        return 100 - (hosts - mine)
    }

    /// The descriptor of the manifest in `manifests` that best fits `host`,
    /// or nil when none runs there. Entries without a platform are skipped
    /// (they are attestations or other artifacts).
    public static func best(of manifests: [Descriptor], for host: Platform) -> Descriptor? {
        var best: (descriptor: Descriptor, rank: Int)?
        for descriptor in manifests {
            guard let platform = descriptor.platform, let rank = platform.rank(on: host) else { continue }
            if best == nil || rank > (best?.rank ?? Int.min) { best = (descriptor, rank) }
        }
        return best?.descriptor
    }
}
