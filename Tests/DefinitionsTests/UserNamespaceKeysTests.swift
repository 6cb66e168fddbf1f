import Testing

@testable import Definitions

@Suite struct UserNamespaceKeysTests {
    @Test(arguments: [
        AcceptedValue("UserNS=auto") { $0.userNamespace.mode = .auto(size: 65536) },
        AcceptedValue("UserNS=auto:size=1024") { $0.userNamespace.mode = .auto(size: 1024) },
        AcceptedValue("UserNS=auto\nUserNS=host") { $0.userNamespace.mode = .host },
        AcceptedValue("UserNS=auto\nUserNS=") { _ in },
        AcceptedValue("UIDMap=0:100000:65536\nUIDMap=65536:300000:10") {
            $0.userNamespace.uidMap = [
                IDRange(containerID: 0, hostID: 100_000, size: 65536),
                IDRange(containerID: 65536, hostID: 300_000, size: 10),
            ]
        },
        AcceptedValue("GIDMap=0:200000:100") {
            $0.userNamespace.gidMap = [IDRange(containerID: 0, hostID: 200_000, size: 100)]
        },
    ])
    func acceptedValues(value: AcceptedValue) {
        let result = parseContainer(value.lines)
        #expect(result.diagnostics == [])
        #expect(result.definition == expectedDefinition(value.change))
    }

    @Test(arguments: [
        (
            "UserNS=keep-id",
            "UserNS: 'keep-id' is not a user namespace mode swctl supports (use auto, auto:size=N or host)"
        ),
        (
            "UserNS=auto:size=0",
            "UserNS: 'size=0' in 'auto:size=0' is not size=N with N from 1 to 16777216 (use auto, auto:size=N or host)"
        ),
        (
            "UserNS=auto:uidmapping=0:1:1",
            "UserNS: 'uidmapping=0:1:1' in 'auto:uidmapping=0:1:1' is not size=N with N from 1 to 16777216 (use auto, auto:size=N or host)"
        ),
        ("UIDMap=0:100000", "UIDMap: '0:100000' is not CONTAINER:HOST:SIZE (use e.g. 0:100000:65536)"),
        ("GIDMap=0:-1:5", "GIDMap: '0:-1:5' is not CONTAINER:HOST:SIZE (use e.g. 0:100000:65536)"),
        ("UIDMap=0:100000:0", "UIDMap: '0:100000:0' is not CONTAINER:HOST:SIZE (use e.g. 0:100000:65536)"),
        ("UIDMap=0:4294967290:65536", "UIDMap: '0:4294967290:65536' runs past the largest ID, 4294967294"),
    ])
    func rejectedValues(line: String, message: String) {
        let result = parseContainer(line)
        #expect(result.diagnostics.map(\.description) == ["\(webPath):3: \(message)"])
        #expect(result.definition == nil)
    }

    @Test func autoAndExplicitMapsAreExclusive() {
        let result = parseContainer("UIDMap=0:100000:65536\nUserNS=auto")
        #expect(result.definition == nil)
        #expect(
            result.diagnostics.map(\.description) == [
                "\(webPath):4: UserNS: auto allocates the maps itself (remove UIDMap= and GIDMap=, or UserNS=auto)"
            ])
    }

    @Test func subordinateNamesServeEachOther() {
        let uidOnly = parseContainer("SubUIDMap=containers")
        #expect(uidOnly.diagnostics == [])
        #expect(
            uidOnly.definition?.userNamespace.subordinateNames.map { [$0.uid, $0.gid] } == ["containers", "containers"])
        #expect(uidOnly.definition?.userNamespace.isPrivate == true)
        let both = parseContainer("SubUIDMap=utest\nSubGIDMap=gtest")
        #expect(both.definition?.userNamespace.subordinateNames.map { [$0.uid, $0.gid] } == ["utest", "gtest"])
        let gidOnly = parseContainer("SubGIDMap=gtest")
        #expect(gidOnly.definition?.userNamespace.subordinateNames.map { [$0.uid, $0.gid] } == ["gtest", "gtest"])
        let reset = parseContainer("SubUIDMap=utest\nSubUIDMap=")
        #expect(reset.definition?.userNamespace.isPrivate == false)
    }

    @Test(arguments: [
        (
            "SubUIDMap=a:b",
            "SubUIDMap: 'a:b' is not a name of /etc/subuid lines (use the first field of a line, e.g. containers)"
        ),
        (
            "SubGIDMap=../x",
            "SubGIDMap: '../x' is not a name of /etc/subgid lines (use the first field of a line, e.g. containers)"
        ),
    ])
    func badSubordinateNames(line: String, message: String) {
        let result = parseContainer(line)
        #expect(result.diagnostics.map(\.description) == ["\(webPath):3: \(message)"])
    }

    @Test func subordinateNamesExcludeOtherMaps() {
        let withAuto = parseContainer("SubUIDMap=containers\nUserNS=auto")
        #expect(withAuto.definition == nil)
        #expect(
            withAuto.diagnostics.map(\.description) == [
                "\(webPath):4: UserNS: auto allocates the maps itself (remove SubUIDMap= and SubGIDMap=, or UserNS=auto)"
            ])
        let withMap = parseContainer("UIDMap=0:100000:10\nSubGIDMap=containers")
        #expect(withMap.definition == nil)
        #expect(
            withMap.diagnostics.map(\.description) == [
                "\(webPath):4: SubUIDMap: the maps come from /etc/subuid and /etc/subgid (remove UIDMap= and GIDMap=, or SubUIDMap= and SubGIDMap=)"
            ])
    }

    @Test func volumesTakeIdmapAndU() {
        let result = parseContainer("UserNS=auto\nVolume=/srv/data:/data:idmap,U")
        #expect(result.diagnostics == [])
        #expect(result.definition?.volumes.first?.options == ["idmap", "U"])
    }

    @Test func oneExplicitMapServesForBoth() {
        var options = UserNamespaceOptions()
        #expect(!options.isPrivate && options.explicitMaps == nil)
        options.uidMap = [IDRange(containerID: 0, hostID: 100_000, size: 65536)]
        #expect(options.isPrivate)
        #expect(options.explicitMaps?.gid == options.uidMap)
        options.mode = .auto(size: 10)
        options.uidMap = []
        #expect(options.isPrivate && options.explicitMaps == nil)
    }
}
