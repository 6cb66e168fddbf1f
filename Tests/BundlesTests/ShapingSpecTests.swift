import Definitions
import OCI
import Testing

@testable import Bundles

private func definition(_ configure: (inout ContainerDefinition) -> Void = { _ in }) -> ContainerDefinition {
    var definition = ContainerDefinition(
        name: "web", sourcePath: "/etc/swctl/containers/web.container", image: "/srv/images/busybox")
    definition.exec = ["/bin/sh"]
    configure(&definition)
    return definition
}

/// Annotation=, Label=, Sysctl=, GroupAdd= in the spec; AddHost= and DNS*=
/// in the files bound over /etc/hosts and /etc/resolv.conf.
@Suite struct ShapingSpecTests {
    @Test func labelsAndAnnotationsAreSpecAnnotationsOverTheImagesUnderSwctls() throws {
        var inputs = SpecInputs(
            definition: definition {
                $0.labels = ["tier": "front", "team": "web"]
                $0.annotations = ["team": "platform", "org.example.note": "x"]
            }, rootfsPath: "/r")
        inputs.imageAnnotations = ["tier": "image", "org.opencontainers.image.version": "1"]
        let annotations = try buildSpec(inputs).annotations ?? [:]
        #expect(annotations["tier"] == "front")
        #expect(annotations["team"] == "platform")
        #expect(annotations["org.example.note"] == "x")
        #expect(annotations["org.opencontainers.image.version"] == "1")
        #expect(annotations[nameAnnotation] == "web")
    }

    @Test func sysctlsGoToTheSpecOnlyWhenSet() throws {
        let none = try buildSpec(SpecInputs(definition: definition(), rootfsPath: "/r"))
        #expect(none.linux?.sysctl == nil)
        let set = try buildSpec(
            SpecInputs(
                definition: definition { $0.sysctls = ["net.ipv4.ip_unprivileged_port_start": "80"] }, rootfsPath: "/r")
        )
        #expect(set.linux?.sysctl == ["net.ipv4.ip_unprivileged_port_start": "80"])
    }

    @Test func groupAddAppendsGroupsByNameOrNumberOnce() throws {
        let groups = [GroupEntry(name: "video", gid: 44, members: []), GroupEntry(name: "wheel", gid: 10, members: [])]
        let user = ResolvedUser(uid: 1000, gid: 1000, additionalGids: [10])
        let result = try addingGroups(["video", "10", "2000", "1000"], to: user, groups: groups)
        #expect(result.additionalGids == [10, 44, 2000])
        #expect(throws: GroupAddError(name: "audio")) { try addingGroups(["audio"], to: user, groups: groups) }
        #expect(
            GroupAddError(name: "audio").description
                == "GroupAdd: no group 'audio' in the image's /etc/group (use a name it has or a numeric gid)")
    }

    @Test func addHostAppendsLinesAndHostGatewayNeedsABridge() throws {
        let base = "127.0.0.1\tlocalhost\n10.88.0.2\tweb\n"
        let hosts = [
            AddedHost(names: ["db", "db.local"], address: .ip(IPv4Address(0x0A00_0005))),
            AddedHost(names: ["host"], address: .hostGateway),
        ]
        let text = try NameResolutionFiles.hosts(base, adding: hosts, gateway: IPv4Address(0x0A58_0001))
        #expect(text == base + "10.0.0.5\tdb db.local\n10.88.0.1\thost\n")
        #expect(throws: NameResolutionError.noGateway("host")) {
            try NameResolutionFiles.hosts(base, adding: hosts, gateway: nil)
        }
        #expect(try NameResolutionFiles.hosts(base, adding: [], gateway: nil) == base)
    }

    @Test func dnsKeysReplaceServersOptionsAndSearchOfTheNetworksFile() {
        let base = "# from the host\nnameserver 10.0.0.1\nnameserver 10.0.0.2\nsearch corp.example\noptions edns0\n"
        #expect(NameResolutionFiles.resolvConf(base, NameResolution()) == base)
        var resolution = NameResolution()
        resolution.servers = .addresses([IPv4Address(0x0909_0909)])
        #expect(
            NameResolutionFiles.resolvConf(base, resolution)
                == "# from the host\nnameserver 9.9.9.9\nsearch corp.example\noptions edns0\n")
        resolution.options = ["ndots:1", "timeout:2"]
        resolution.search = []
        #expect(
            NameResolutionFiles.resolvConf(base, resolution)
                == "# from the host\nnameserver 9.9.9.9\noptions ndots:1 timeout:2\n")
        resolution.search = ["example.com"]
        #expect(
            NameResolutionFiles.resolvConf(nil, resolution)
                == "nameserver 9.9.9.9\nsearch example.com\noptions ndots:1 timeout:2\n")
        resolution.servers = .none
        #expect(NameResolutionFiles.resolvConf(base, resolution) == nil)
    }
}
