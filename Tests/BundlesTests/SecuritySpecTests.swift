import Definitions
import OCI
import Testing

@testable import Bundles

private func spec(
    user: ResolvedUser = .root, host: HostSecurity = HostSecurity(),
    _ change: (inout ContainerDefinition) -> Void = { _ in }
) throws -> Spec {
    var definition = ContainerDefinition(name: "web", sourcePath: "/etc/swctl/containers/web.container", image: "/i")
    definition.exec = ["/bin/sh"]
    change(&definition)
    var inputs = SpecInputs(definition: definition, rootfsPath: "/r", user: user)
    inputs.host = host
    return try buildSpec(inputs)
}

/// The names a resolved filter allows outright (no argument conditions).
private func allowed(_ seccomp: OCI.Seccomp?) -> Set<String> {
    Set((seccomp?.syscalls ?? []).filter { $0.action == "SCMP_ACT_ALLOW" && $0.args == nil }.flatMap(\.names))
}

@Suite struct SeccompProfileTests {
    @Test func aDefaultContainerGetsMobysProfileForItsArchitecture() throws {
        let seccomp = try #require(try spec().linux?.seccomp)
        #expect(seccomp.defaultAction == "SCMP_ACT_ERRNO")
        #expect(seccomp.defaultErrnoRet == 1)
        #if arch(x86_64)
            #expect(seccomp.architectures == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"])
            #expect(allowed(seccomp).contains("arch_prctl"))
        #endif
        let names = allowed(seccomp)
        for name in ["read", "execve", "ptrace", "chroot", "name_to_handle_at"] {
            #expect(names.contains(name), "\(name)")
        }
        for name in ["mount", "unshare", "setns", "bpf", "keyctl", "open_by_handle_at", "init_module", "reboot"] {
            #expect(!names.contains(name), "\(name)")
        }
        #expect(!names.contains("s390_runtime_instr"))
    }

    @Test func withoutSysAdminCloneIsLimitedAndClone3FailsWithENOSYS() throws {
        let seccomp = try #require(try spec().linux?.seccomp)
        let clone = try #require(seccomp.syscalls?.first { $0.names == ["clone"] })
        #expect(clone.args == [OCI.Seccomp.Arg(index: 0, value: 0x7E02_0000, valueTwo: 0, op: "SCMP_CMP_MASKED_EQ")])
        let clone3 = try #require(seccomp.syscalls?.first { $0.names == ["clone3"] })
        #expect(clone3.action == "SCMP_ACT_ERRNO" && clone3.errnoRet == 38)
    }

    @Test func addingSysAdminAllowsMountAndFreesClone() throws {
        let seccomp = try #require(try spec { $0.security.addCapabilities = ["CAP_SYS_ADMIN"] }.linux?.seccomp)
        let names = allowed(seccomp)
        for name in ["mount", "unshare", "setns", "clone", "clone3", "sethostname"] { #expect(names.contains(name)) }
        #expect(seccomp.syscalls?.contains { $0.names == ["clone3"] && $0.action == "SCMP_ACT_ERRNO" } == false)
    }

    @Test func socketAndPersonalityKeepTheirArgumentRules() throws {
        let rules = try #require(try spec().linux?.seccomp?.syscalls)
        let socket = rules.filter { $0.names == ["socket"] }
        #expect(socket.map(\.args) == [[OCI.Seccomp.Arg(index: 0, value: 40, op: "SCMP_CMP_NE")]])
        let personalities = rules.filter { $0.names == ["personality"] }.compactMap { $0.args?.first?.value }
        #expect(personalities == [0, 8, 0x20000, 0x20008, 0xffff_ffff])
    }

    @Test func minKernelRulesFollowTheKernelGiven() throws {
        let old = try spec(host: HostSecurity(kernel: KernelVersion(major: 4, minor: 4))).linux?.seccomp
        #expect(!allowed(old).contains("ptrace"))
        let new = try spec(host: HostSecurity(kernel: KernelVersion(release: "6.1.0-13-amd64"))).linux?.seccomp
        #expect(allowed(new).contains("ptrace"))
    }

    @Test func unconfinedHasNoFilter() throws {
        #expect(try spec { $0.security.seccompProfile = .unconfined }.linux?.seccomp == nil)
    }

    @Test func aProfileFileIsResolvedForTheContainer() throws {
        let profile = SeccompProfileDocument(
            defaultAction: "SCMP_ACT_ALLOW",
            syscalls: [
                .init(names: ["mkdir"], action: "SCMP_ACT_ERRNO", errnoRet: 13),
                .init(names: ["chroot"], action: "SCMP_ACT_ERRNO", includes: .init(caps: ["CAP_SYS_CHROOT"])),
                .init(names: ["bpf"], action: "SCMP_ACT_ERRNO", includes: .init(caps: ["CAP_BPF"])),
            ])
        let seccomp = try spec(host: HostSecurity(seccompProfile: profile)) {
            $0.security.seccompProfile = .file("/p.json")
        }.linux?.seccomp
        #expect(seccomp?.defaultAction == "SCMP_ACT_ALLOW")
        #expect(seccomp?.syscalls?.map(\.names) == [["mkdir"], ["chroot"]])
    }

    @Test func profileChecksAreMobys() {
        var document = SeccompProfileDocument(
            defaultAction: "SCMP_ACT_ERRNO", architectures: ["SCMP_ARCH_X86_64"],
            archMap: [.init(architecture: "SCMP_ARCH_X86_64")])
        #expect(throws: SeccompProfileError.bothArchitecturesAndArchMap) { try document.validate() }
        document.archMap = nil
        var rule = SeccompProfileDocument.Rule(names: ["read"], action: "SCMP_ACT_ALLOW")
        rule.name = "write"
        document.syscalls = [rule]
        #expect(throws: SeccompProfileError.bothNameAndNames(rule: 0)) { try document.validate() }
    }
}

@Suite struct CapabilitySpecTests {
    @Test func rootGetsDockersSetWithoutInheritableOrAmbient() throws {
        let capabilities = try spec().process?.capabilities
        #expect(capabilities?.bounding == defaultCapabilities)
        #expect(capabilities?.effective == defaultCapabilities)
        #expect(capabilities?.permitted == defaultCapabilities)
        #expect(capabilities?.inheritable == nil && capabilities?.ambient == nil)
    }

    @Test func dropAndAddAdjustTheDefaultSet() throws {
        let capabilities = try spec {
            $0.security.dropCapabilities = ["CAP_NET_RAW", "CAP_MKNOD"]
            $0.security.addCapabilities = ["CAP_NET_ADMIN"]
        }.process?.capabilities
        #expect(capabilities?.effective?.contains("CAP_NET_RAW") == false)
        #expect(capabilities?.effective?.contains("CAP_MKNOD") == false)
        #expect(capabilities?.effective?.last == "CAP_NET_ADMIN")
        #expect(capabilities?.bounding == capabilities?.effective)
    }

    @Test func dropAllKeepsOnlyTheAddedOnesAndAddAllGivesEverythingButTheDropped() {
        var security = SecurityOptions()
        security.dropCapabilities = ["ALL"]
        security.addCapabilities = ["CAP_CHOWN"]
        #expect(capabilitySet(security) == ["CAP_CHOWN"])
        security.addCapabilities = ["ALL"]
        security.dropCapabilities = ["CAP_SYS_ADMIN"]
        #expect(capabilitySet(security).count == allCapabilities.count - 1)
        #expect(!capabilitySet(security).contains("CAP_SYS_ADMIN"))
    }

    @Test func aNonRootUserGetsNoCapabilitiesUnlessAsked() throws {
        let user = ResolvedUser(uid: 1000, gid: 1000, home: "/home/app")
        let plain = try spec(user: user).process?.capabilities
        #expect(plain?.effective == [] && plain?.permitted == [])
        #expect(plain?.ambient == nil && plain?.inheritable == nil)
        #expect(plain?.bounding == defaultCapabilities)
        let asked = try spec(user: user) { $0.security.addCapabilities = ["CAP_NET_BIND_SERVICE"] }.process?
            .capabilities
        for set in [asked?.effective, asked?.permitted, asked?.inheritable, asked?.ambient] {
            #expect(set == ["CAP_NET_BIND_SERVICE"])
        }
    }

    @Test func noNewPrivilegesFollowsTheKey() throws {
        #expect(try spec().process?.noNewPrivileges == true)
        #expect(try spec { $0.security.noNewPrivileges = false }.process?.noNewPrivileges == false)
    }
}

@Suite struct MaskSpecTests {
    @Test func maskAddsAndUnmaskRemovesFromBothLists() throws {
        let linux = try spec {
            $0.security.mask = ["/proc/cpuinfo"]
            $0.security.unmask = .paths(["/proc/kcore", "/proc/sys"])
        }.linux
        #expect(linux?.maskedPaths?.contains("/proc/cpuinfo") == true)
        #expect(linux?.maskedPaths?.contains("/proc/kcore") == false)
        #expect(linux?.readonlyPaths?.contains("/proc/sys") == false)
        #expect(linux?.readonlyPaths?.contains("/proc/bus") == true)
    }

    @Test func unmaskAllLeavesOnlyWhatMaskAdds() throws {
        let linux = try spec {
            $0.security.unmask = .all
            $0.security.mask = ["/proc/cpuinfo"]
        }.linux
        #expect(linux?.maskedPaths == ["/proc/cpuinfo"])
        #expect(linux?.readonlyPaths == [])
    }

    @Test func readOnlyGetsTmpfsOnRunTmpAndVarTmpUnlessTurnedOff() throws {
        let tmpfs = { (spec: Spec) in
            (spec.mounts ?? []).filter { $0.type == "tmpfs" }.map(\.destination)
        }
        #expect(tmpfs(try spec { $0.readOnly = true }).suffix(3) == ["/run", "/tmp", "/var/tmp"])
        #expect(
            !tmpfs(
                try spec {
                    $0.readOnly = true; $0.security.readOnlyTmpfs = false
                }
            ).contains("/run"))
        #expect(!tmpfs(try spec()).contains("/run"))
        let own = try spec {
            $0.readOnly = true
            $0.tmpfs = [TmpfsMount(destination: "/tmp", options: ["size=1m"])]
        }
        #expect((own.mounts ?? []).filter { $0.destination == "/tmp" }.count == 1)
    }
}

@Suite struct DeviceSpecTests {
    @Test func addedDevicesAreCreatedAndAllowedAfterTheDenyAllRule() throws {
        let fuse = Device(type: "c", path: "/dev/fuse", major: 10, minor: 229, fileMode: 0o666, uid: 0, gid: 0)
        let linux = try spec(host: HostSecurity(devices: [fuse])) {
            $0.security.devices = [DeviceMapping(hostPath: "/dev/fuse", containerPath: "/dev/fuse", permissions: "rw")]
        }.linux
        #expect(linux?.devices == [fuse])
        #expect(
            linux?.resources?.devices == [
                OCI.Resources.DeviceRule(allow: false, access: "rwm"),
                OCI.Resources.DeviceRule(allow: true, type: "c", major: 10, minor: 229, access: "rw"),
            ])
    }
}

@Suite struct AppArmorProfileTests {
    @Test func theProfileIsNamedAndDeniesWhatDockerDefaultDenies() {
        let text = appArmorProfileText()
        #expect(text.contains("profile swctl-default flags=(attach_disconnected,mediate_deleted) {"))
        for rule in [
            "deny mount,", "deny @{PROC}/kcore rwklx,", "deny /sys/firmware/** rwklx,", "#include <abstractions/base>",
        ] {
            #expect(text.contains(rule), "\(rule)")
        }
        #expect(appArmorProfileText(abstractions: false).hasPrefix("# Generated"))
        #expect(appArmorProfileText(abstractions: false).contains("@{PROC}=/proc/"))
    }

    @Test func theSpecCarriesTheProfilePrepareChose() throws {
        #expect(
            try spec(host: HostSecurity(appArmorProfile: "swctl-default")).process?.apparmorProfile == "swctl-default")
        #expect(try spec().process?.apparmorProfile == nil)
    }
}
