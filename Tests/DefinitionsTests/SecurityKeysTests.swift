import Testing

@testable import Definitions

@Suite struct SecurityKeysTests {
    @Test func capabilitiesTakeNamesWithOrWithoutThePrefixInAnyCase() {
        let result = parseContainer("AddCapability=NET_ADMIN cap_sys_time\nAddCapability=ALL\nDropCapability=mknod")
        #expect(result.diagnostics.isEmpty)
        #expect(result.definition?.security.addCapabilities == ["CAP_NET_ADMIN", "CAP_SYS_TIME", "ALL"])
        #expect(result.definition?.security.dropCapabilities == ["CAP_MKNOD"])
    }

    @Test func anUnknownCapabilityIsAnErrorNamingIt() {
        let result = parseContainer("DropCapability=NET_FLY")
        #expect(result.definition == nil)
        #expect(
            result.diagnostics.map(\.description) == [
                "\(webPath):3: DropCapability: 'NET_FLY' is not a capability (use e.g. NET_ADMIN or CAP_NET_ADMIN, or ALL)"
            ])
    }

    @Test func anEmptyAssignmentResetsTheList() {
        let result = parseContainer("AddCapability=NET_ADMIN\nAddCapability=")
        #expect(result.definition?.security.addCapabilities == [])
    }

    @Test func seccompProfileIsUnconfinedOrAPathRelativeToTheDefinition() {
        #expect(parseContainer("SeccompProfile=unconfined").definition?.security.seccompProfile == .unconfined)
        #expect(
            parseContainer("SeccompProfile=/etc/swctl/seccomp.json").definition?.security.seccompProfile
                == .file("/etc/swctl/seccomp.json"))
        #expect(
            parseContainer("SeccompProfile=strict.json").definition?.security.seccompProfile
                == .file("/etc/swctl/containers/strict.json"))
        #expect(parseContainer("").definition?.security.seccompProfile == .default)
    }

    @Test func noNewPrivilegesIsOnUnlessTurnedOff() {
        #expect(parseContainer("").definition?.security.noNewPrivileges == true)
        #expect(parseContainer("NoNewPrivileges=no").definition?.security.noNewPrivileges == false)
    }

    @Test func maskAndUnmaskTakeColonSeparatedPathsAndUnmaskTakesAll() {
        let definition = parseContainer("Mask=/proc/a:/sys/b\nMask=/proc/c\nUnmask=/proc/kcore").definition
        #expect(definition?.security.mask == ["/proc/a", "/sys/b", "/proc/c"])
        #expect(definition?.security.unmask == .paths(["/proc/kcore"]))
        #expect(parseContainer("Unmask=ALL").definition?.security.unmask == .all)
        #expect(parseContainer("Mask=proc/a").definition == nil)
    }

    @Test func appArmorIsUnconfinedOrAProfileName() {
        #expect(parseContainer("").definition?.security.appArmor == .default)
        #expect(parseContainer("AppArmor=unconfined").definition?.security.appArmor == .unconfined)
        #expect(parseContainer("AppArmor=web-strict").definition?.security.appArmor == .profile("web-strict"))
    }

    @Test(arguments: [
        ("/dev/fuse", DeviceMapping(hostPath: "/dev/fuse", containerPath: "/dev/fuse")),
        ("/dev/ttyUSB0:/dev/modem", DeviceMapping(hostPath: "/dev/ttyUSB0", containerPath: "/dev/modem")),
        ("/dev/sdb:r", DeviceMapping(hostPath: "/dev/sdb", containerPath: "/dev/sdb", permissions: "r")),
        (
            "-/dev/dri/card0:/dev/card:rw",
            DeviceMapping(hostPath: "/dev/dri/card0", containerPath: "/dev/card", permissions: "rw", optional: true)
        ),
    ])
    func addDeviceReadsPodmansForm(value: String, expected: DeviceMapping) {
        #expect(parseContainer("AddDevice=\(value)").definition?.security.devices == [expected])
    }

    @Test func addDeviceRefusesWhatIsNotADevicePath() {
        let result = parseContainer("AddDevice=/etc/passwd")
        #expect(result.definition == nil)
        #expect(result.diagnostics.first?.description.contains("is not a device under /dev") == true)
        #expect(parseContainer("AddDevice=/dev/sda:/dev/sda:rwx").definition == nil)
    }

    @Test func theSecurityKeysAreNoLongerListedAsNotYetSupported() {
        for key in [
            "AddCapability", "DropCapability", "SeccompProfile", "NoNewPrivileges", "Mask", "Unmask", "AddDevice",
        ] {
            #expect(!ContainerKeys.notYetSupported.contains(key), "\(key)")
            #expect(ContainerKeys.byName[key] != nil, "\(key)")
        }
    }
}
