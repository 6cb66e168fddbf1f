// swift-tools-version:6.0
// swctl: containers declared as plain files, run as real systemd services.
//
// The target list is the data flow (see README "Design"):
//   UnitFile → Definitions → Generator            (definition → systemd unit)
//   Definitions + OCI → Bundles → Runtime          (definition → OCI spec → process)
// Pure targets have no dependency on Syscalls or any C* module, so they cannot
// reach the kernel; `make lint` checks they do not import Glibc either.
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "swctl",
    products: [
        .executable(name: "swctl", targets: ["swctl"]),
        .executable(name: "swctl-runtime", targets: ["swctl-runtime"]),
        .executable(name: "swctl-generator", targets: ["swctl-generator"]),
        .executable(name: "swctl-init", targets: ["swctl-init"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // ── C boundary: module maps and one shim, no logic ─────────────────
        .systemLibrary(name: "CSystemd", path: "Sources/CSystemd", pkgConfig: "libsystemd"),
        .systemLibrary(name: "CSeccomp", path: "Sources/CSeccomp", pkgConfig: "libseccomp"),
        .systemLibrary(name: "CCap", path: "Sources/CCap", pkgConfig: "libcap"),
        .systemLibrary(name: "CAppArmor", path: "Sources/CAppArmor", pkgConfig: "libapparmor"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib"),
        .systemLibrary(name: "CZstd", path: "Sources/CZstd", pkgConfig: "libzstd"),
        .systemLibrary(name: "CNetlink", path: "Sources/CNetlink", pkgConfig: "libnl-route-3.0"),
        .systemLibrary(name: "CNftables", path: "Sources/CNftables"),
        .target(name: "CShim", path: "Sources/CShim"),
        .target(name: "CCurl", path: "Sources/CCurl"),

        // ── Pure logic: no root, no C, no I/O ──────────────────────────────
        .target(name: "UnitFile", swiftSettings: strict),
        .target(name: "Definitions", dependencies: ["UnitFile", "ImageSpec"], swiftSettings: strict),
        .target(name: "Generator", dependencies: ["Definitions", "UnitFile"], swiftSettings: strict),
        .target(name: "JSON", swiftSettings: strict),
        .target(name: "OCI", swiftSettings: strict),
        .target(name: "Bundles", dependencies: ["Definitions", "OCI"], swiftSettings: strict),
        .target(name: "ImageSpec", swiftSettings: strict),
        .target(name: "CivilTime", swiftSettings: strict),

        // ── Thin OS layer: typed wrappers over syscalls and C libraries ────
        .target(name: "Syscalls", dependencies: ["CShim"], swiftSettings: strict),
        .target(name: "SystemdProtocols", dependencies: ["Syscalls"], swiftSettings: strict),
        .target(
            name: "Confinement", dependencies: ["CCap", "CSeccomp", "CAppArmor", "Syscalls"],
            swiftSettings: strict),
        .target(name: "Cgroups", dependencies: ["Syscalls"], swiftSettings: strict),
        .target(name: "Systemd", dependencies: ["CSystemd"], swiftSettings: strict),
        .target(
            name: "ImageStore", dependencies: ["ImageSpec", "JSON", "Syscalls", "CZlib", "CZstd"],
            swiftSettings: strict),
        .target(
            name: "Registry", dependencies: ["CCurl", "ImageSpec", "ImageStore", "JSON", "Syscalls"],
            swiftSettings: strict),
        .target(
            name: "Network", dependencies: ["CNetlink", "CNftables", "Definitions", "UnitFile", "Syscalls"],
            swiftSettings: strict),

        // ── Features: compose the layers above ─────────────────────────────
        .target(
            name: "Runtime",
            dependencies: ["OCI", "JSON", "Syscalls", "SystemdProtocols", "Confinement", "Cgroups", "CivilTime", "ImageSpec"],
            swiftSettings: strict),
        .target(
            name: "Engine",
            dependencies: [
                "Definitions", "Generator", "Bundles", "OCI", "JSON", "Syscalls", "SystemdProtocols",
                "ImageSpec", "ImageStore", "Registry", "Network",
            ],
            swiftSettings: strict),
        .target(
            name: "Commands",
            dependencies: [
                "Engine", "Systemd", "Definitions", "Generator", "Bundles", "UnitFile", "Syscalls",
                "SystemdProtocols", "JSON", "OCI", "ImageSpec", "ImageStore", "Registry", "CivilTime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),

        // ── Executables: thin mains ─────────────────────────────────────────
        .executableTarget(name: "swctl", dependencies: ["Commands"], swiftSettings: strict),
        .executableTarget(name: "swctl-runtime", dependencies: ["Runtime"], swiftSettings: strict),
        .executableTarget(name: "swctl-generator", dependencies: ["Engine"], swiftSettings: strict),
        // RunInit=yes: a C program bind-mounted into containers of any libc,
        // so linked statically (main.c says how it stays small).
        .executableTarget(
            name: "swctl-init", path: "Sources/swctl-init",
            linkerSettings: [.unsafeFlags(["-static-executable", "-Xlinker", "--strip-all"])]),

        // ── Tests (rings: see Tests/README.md) ──────────────────────────────
        .target(name: "TestSupport", dependencies: ["Syscalls"], path: "Tests/Support"),
        .testTarget(name: "UnitFileTests", dependencies: ["UnitFile"]),
        .testTarget(name: "DefinitionsTests", dependencies: ["Definitions", "UnitFile"], exclude: ["Fixtures"]),
        .testTarget(
            name: "GeneratorTests", dependencies: ["Generator", "Definitions", "Engine", "TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "OCITests", dependencies: ["OCI", "JSON", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "BundlesTests", dependencies: ["Bundles", "Definitions", "OCI"]),
        .testTarget(name: "ImageSpecTests", dependencies: ["ImageSpec", "JSON"]),
        .testTarget(name: "ImageStoreTests", dependencies: ["ImageStore", "ImageSpec", "Syscalls", "TestSupport"]),
        .testTarget(
            name: "RuntimeTests",
            dependencies: [
                "Runtime", "OCI", "JSON", "Syscalls", "Confinement", "Cgroups", "TestSupport", "Bundles", "Definitions",
            ]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "TestSupport", "ImageSpec", "ImageStore"]),
        .testTarget(
            name: "RegistryTests",
            dependencies: ["Registry", "ImageStore", "ImageSpec", "JSON", "Syscalls", "Engine", "Definitions", "TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "NetworkTests", dependencies: ["Network", "Definitions", "Generator", "Syscalls", "TestSupport"]),
        .testTarget(name: "CommandsTests", dependencies: ["Commands", "Systemd", "CivilTime", "Syscalls", "Definitions"]),
    ]
)
