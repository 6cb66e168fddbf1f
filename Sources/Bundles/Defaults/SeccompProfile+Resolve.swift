import OCI

/// The host's architecture in the Go spelling Docker profiles use in
/// `includes.arches` (`amd64`, `arm64`, …).
public let hostArchitecture: String = {
    #if arch(x86_64)
        return "amd64"
    #elseif arch(arm64)
        return "arm64"
    #elseif arch(s390x)
        return "s390x"
    #elseif arch(powerpc64le)
        return "ppc64le"
    #elseif arch(riscv64)
        return "riscv64"
    #elseif arch(i386)
        return "x86"
    #elseif arch(arm)
        return "arm"
    #else
        return "unknown"
    #endif
}()

/// A kernel release as `major.minor`, for `minKernel` filters.
public struct KernelVersion: Comparable, Sendable {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// `6.1.0-13-amd64` → 6.1; nil if it does not start with two numbers.
    public init?(release: String) {
        let numbers = release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        guard numbers.count == 2 else { return nil }
        self.init(major: numbers[0], minor: numbers[1])
    }

    public static func < (lhs: KernelVersion, rhs: KernelVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }
}

extension SeccompProfileDocument {
    /// The `linux.seccomp` object for one container, as moby's
    /// `setupSeccomp`: rules whose filters do not hold for `capabilities`
    /// (the bounding set), `architecture` and `kernel` are dropped; an
    /// `archMap` becomes the native architecture and its sub-architectures.
    /// A nil `kernel` counts as new enough for every `minKernel`.
    public func resolved(
        capabilities: [String], architecture: String = hostArchitecture, kernel: KernelVersion? = nil
    ) -> OCI.Seccomp {
        let capabilitySet = Set(capabilities)
        func kernelAtLeast(_ text: String) -> Bool {
            guard let kernel, let wanted = KernelVersion(release: text) else { return true }
            return kernel >= wanted
        }
        var rules: [OCI.Seccomp.Syscall] = []
        for rule in syscalls ?? [] {
            if let excludes = rule.excludes {
                if (excludes.arches ?? []).contains(architecture) { continue }
                if (excludes.caps ?? []).contains(where: capabilitySet.contains) { continue }
                if let minimum = excludes.minKernel, kernelAtLeast(minimum) { continue }
            }
            if let includes = rule.includes {
                if let arches = includes.arches, !arches.isEmpty, !arches.contains(architecture) { continue }
                if !(includes.caps ?? []).allSatisfy(capabilitySet.contains) { continue }
                if let minimum = includes.minKernel, !kernelAtLeast(minimum) { continue }
            }
            let names = rule.names ?? rule.name.map { [$0] } ?? []
            rules.append(
                OCI.Seccomp.Syscall(
                    names: names, action: rule.action, errnoRet: rule.errnoRet,
                    args: (rule.args ?? []).isEmpty ? nil : rule.args))
        }
        var architectures = self.architectures ?? []
        if let native = seccompArchitecture(architecture),
            let entry = (archMap ?? []).first(where: { $0.architecture == native })
        {
            architectures = [entry.architecture] + (entry.subArchitectures ?? [])
        }
        return OCI.Seccomp(
            defaultAction: defaultAction, defaultErrnoRet: defaultErrnoRet,
            architectures: architectures.isEmpty ? nil : architectures, flags: flags, syscalls: rules)
    }
}

/// `amd64` → `SCMP_ARCH_X86_64`: the `archMap` key of a Go architecture.
func seccompArchitecture(_ goArchitecture: String) -> String? {
    let table = [
        "amd64": "SCMP_ARCH_X86_64", "x86": "SCMP_ARCH_X86", "arm64": "SCMP_ARCH_AARCH64", "arm": "SCMP_ARCH_ARM",
        "s390x": "SCMP_ARCH_S390X", "s390": "SCMP_ARCH_S390", "ppc64le": "SCMP_ARCH_PPC64LE",
        "riscv64": "SCMP_ARCH_RISCV64", "mips64": "SCMP_ARCH_MIPS64", "mipsel64": "SCMP_ARCH_MIPSEL64",
    ]
    return table[goArchitecture]
}
