import Testing

@testable import Definitions

/// Keys that configure podman, pods or SELinux are refused with why and
/// what to use instead; deprecated keys are read as their replacements.
@Suite struct PodmanOnlyKeysTests {
    @Test(arguments: [
        ("PodmanArgs=--publish 8080:80", "PodmanArgs: swctl runs no podman"),
        ("GlobalArgs=--log-level=debug", "GlobalArgs: swctl runs no podman"),
        ("ContainersConfModule=/etc/nvd.conf", "ContainersConfModule: swctl does not read containers.conf"),
        ("Pod=web.pod", "Pod: swctl has no pods (put the containers on a named network"),
        ("StartWithPod=true", "StartWithPod: swctl has no pods"),
        ("SecurityLabelType=spc_t", "SecurityLabelType: SELinux is out of scope"),
        ("SecurityLabelLevel=s0:c1,c2", "SecurityLabelLevel: SELinux is out of scope"),
        ("SecurityLabelFileType=usr_t", "SecurityLabelFileType: SELinux is out of scope"),
        ("SecurityLabelNested=true", "SecurityLabelNested: SELinux is out of scope"),
        ("IP6=2001:db8::1", "IP6: IPv6 is not supported on swctl networks yet"),
        (
            "CgroupsMode=no-conmon",
            "CgroupsMode: 'no-conmon': swctl always runs the container in a cgroup below its unit's (split)"
        ),
        ("ContainerName=db", "ContainerName: a container is named by its file, here 'web'"),
        ("RemapUsers=keep-id", "RemapUsers: keep-id maps the user who runs rootless podman"),
    ])
    func refusedWithAReason(line: String, prefix: String) {
        let result = parseContainer(line)
        #expect(result.definition == nil)
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.message.hasPrefix(prefix) == true, "\(result.diagnostics)")
    }

    @Test func whatSwctlDoesAnywayIsAccepted() {
        #expect(parseContainer("CgroupsMode=split").diagnostics == [])
        #expect(parseContainer("ContainerName=web").diagnostics == [])
        #expect(parseContainer("SecurityLabelDisable=false").diagnostics == [])
        let disable = parseContainer("SecurityLabelDisable=true")
        #expect(disable.definition != nil)
        #expect(disable.diagnostics.map(\.severity) == [.warning])
        let retry = parseContainer("Retry=5\nRetryDelay=5s")
        #expect(retry.definition != nil)
        #expect(retry.diagnostics.map(\.severity) == [.warning, .warning])
    }

    @Test func deprecatedRemapKeysAreReadAsTheirReplacementsWithAWarning() {
        let auto = parseContainer("RemapUsers=auto\nRemapUidSize=1000")
        #expect(auto.definition?.userNamespace.mode == .auto(size: 1000))
        #expect(
            auto.diagnostics.map(\.message) == [
                "RemapUsers: deprecated, read as UserNS=auto (use UserNS=auto)",
                "RemapUidSize: deprecated, read as UserNS=auto:size=1000 (use UserNS=auto:size=1000)",
            ])
        #expect(
            parseContainer("RemapUidSize=1000\nRemapUsers=auto").definition?.userNamespace.mode == .auto(size: 1000))
        let manual = parseContainer("RemapUsers=manual\nRemapUid=0:100000:65536\nRemapGid=0:200000:65536").definition
        #expect(manual?.userNamespace.uidMap == [IDRange(containerID: 0, hostID: 100000, size: 65536)])
        #expect(manual?.userNamespace.gidMap == [IDRange(containerID: 0, hostID: 200000, size: 65536)])
    }

    @Test func volatileTmpOfEarlyQuadletIsATmpfsOnTmp() {
        let result = parseContainer("VolatileTmp=yes")
        #expect(result.definition?.tmpfs == [TmpfsMount(destination: "/tmp")])
        #expect(result.diagnostics.map(\.message) == ["VolatileTmp: deprecated, read as Tmpfs=/tmp (use Tmpfs=/tmp)"])
        #expect(parseContainer("VolatileTmp=no").definition?.tmpfs == [])
    }
}
