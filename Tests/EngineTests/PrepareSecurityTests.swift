import Bundles
import Definitions
import Syscalls
import TestSupport
import Testing

@testable import Engine

/// What `swctl prepare` reads from the host for a container's confinement.
@Suite struct PrepareSecurityTests {
    private func definition(_ change: (inout ContainerDefinition) -> Void) -> ContainerDefinition {
        var definition = ContainerDefinition(name: "web", sourcePath: "/d/web.container", image: "/i")
        change(&definition)
        return definition
    }

    @Test func aDockerProfileFileIsReadWithItsFilters() throws {
        try TemporaryDirectory.with("seccomp") { directory in
            try directory.write(
                "p.json",
                """
                {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
                 "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}],
                 "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
                              {"name": "mount", "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}}]}
                """)
            let preparer = Preparer(paths: StatePaths(persistentRoot: directory.path, volatileRoot: directory.path))
            let path = directory.path + "/p.json"
            let document = try preparer.loadSeccompProfile(path, definition: definition { _ in })
            #expect(document.syscalls?.count == 2)
            let resolved = document.resolved(capabilities: defaultCapabilities, architecture: "amd64")
            #expect(resolved.syscalls?.map(\.names) == [["read", "write"]])
            #expect(resolved.architectures == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"])
        }
    }

    @Test(arguments: [
        ("{\"defaultAction\": ", "not a seccomp profile: "),
        ("{\"syscalls\": []}", "not a seccomp profile: "),
        (
            "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"action\": \"SCMP_ACT_ALLOW\"}]}",
            "syscalls[0]: no 'name' or 'names'"
        ),
    ])
    func aBadProfileIsOneLineNamingTheFile(text: String, problem: String) throws {
        try TemporaryDirectory.with("seccomp") { directory in
            try directory.write("bad.json", text)
            let preparer = Preparer(paths: StatePaths(persistentRoot: directory.path, volatileRoot: directory.path))
            let path = directory.path + "/bad.json"
            do {
                _ = try preparer.loadSeccompProfile(path, definition: definition { _ in })
                Issue.record("no error for \(text)")
            } catch let error as LifecycleError {
                #expect(error.message.hasPrefix("/d/web.container: SeccompProfile=\(path): \(problem)"), "\(error)")
                #expect(!error.message.contains("\n"))
            }
        }
    }

    @Test func aMissingProfileFileSaysSo() throws {
        let preparer = Preparer(paths: StatePaths(persistentRoot: "/nonexistent", volatileRoot: "/nonexistent"))
        #expect(throws: LifecycleError.self) {
            try preparer.loadSeccompProfile("/nonexistent/p.json", definition: definition { _ in })
        }
    }

    @Test func addDeviceReadsTheHostsNumbersAndSkipsAMissingOptionalOne() throws {
        let preparer = Preparer(paths: StatePaths(persistentRoot: "/nonexistent", volatileRoot: "/nonexistent"))
        let devices = try preparer.devices(
            for: definition {
                $0.security.devices = [
                    DeviceMapping(hostPath: "/dev/null", containerPath: "/dev/mynull", permissions: "rw"),
                    DeviceMapping(hostPath: "/dev/no-such-device", containerPath: "/dev/x", optional: true),
                ]
            })
        #expect(devices.count == 1)
        #expect(devices.first?.type == "c" && devices.first?.major == 1 && devices.first?.minor == 3)
        #expect(devices.first?.path == "/dev/mynull")
        #expect(throws: LifecycleError.self) {
            try preparer.devices(
                for: definition {
                    $0.security.devices = [DeviceMapping(hostPath: "/dev/nope", containerPath: "/dev/nope")]
                })
        }
    }

    @Test func aNamedAppArmorProfileNeedsAppArmor() throws {
        try TemporaryDirectory.with("apparmor") { directory in
            var loader = AppArmorLoader(directory: directory.path + "/profiles")
            loader.enabledFile = directory.path + "/enabled"
            loader.securityDirectory = directory.path + "/securityfs"
            #expect(!loader.isEnabled)
            try directory.write("enabled", "Y\n")
            try directory.write("securityfs/profiles", "swctl-default (enforce)\nother (complain)\n")
            #expect(loader.isEnabled)
            #expect(loader.isLoaded("swctl-default") && loader.isLoaded("other") && !loader.isLoaded("swctl"))
            // Loaded and unchanged: no apparmor_parser run.
            try directory.write("profiles/swctl-default", appArmorProfileText(abstractions: false))
            loader.abstractionsFile = directory.path + "/none"
            loader.parserCandidates = []
            #expect(try loader.ensureDefaultProfile() == "swctl-default")
            // Changed text and no parser: a clear error.
            try directory.write("profiles/swctl-default", "old text")
            #expect(throws: LifecycleError.self) { try loader.ensureDefaultProfile() }
        }
    }
}
