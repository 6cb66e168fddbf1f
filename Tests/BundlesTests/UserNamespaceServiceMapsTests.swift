import Definitions
import Testing

@testable import Bundles

@Suite struct UserNamespaceServiceMapsTests {
    let accounts = HostAccounts(
        passwd: parsePasswd("root:x:0:0::/root:/bin/sh\napp:x:1001:1002::/srv/app:/usr/sbin/nologin\n"),
        groups: parseGroup("root:x:0:\napp:x:1002:\nweb:x:33:\n"),
        subuid: parseSubordinateRanges("# comment\nother:100000:65536\napp:165536:65536\nbad:line\n"),
        subgid: parseSubordinateRanges("1001:300000:1000\n"))

    @Test func rootIsTheUserAndTheRestItsSubordinateRanges() throws {
        let maps = try accounts.maps(user: "app", group: nil)
        #expect(
            maps.uid == [
                IDRange(containerID: 0, hostID: 1001, size: 1), IDRange(containerID: 1, hostID: 165536, size: 65536),
            ])
        // /etc/subgid names the user by UID here; the primary group is container root's.
        #expect(
            maps.gid == [
                IDRange(containerID: 0, hostID: 1002, size: 1), IDRange(containerID: 1, hostID: 300000, size: 1000),
            ])
    }

    @Test func aSubordinateNameMapsAllItsRangesOneAfterAnother() {
        let ranges = parseSubordinateRanges("containers:100000:65536\nother:1:5\ncontainers:300000:1000\n")
        #expect(
            subordinateMap(of: "containers", in: ranges) == [
                IDRange(containerID: 0, hostID: 100000, size: 65536),
                IDRange(containerID: 65536, hostID: 300000, size: 1000),
            ])
        #expect(subordinateMap(of: "nobody", in: ranges) == nil)
    }

    @Test func withoutSubordinateRangesOnlyRootIsMapped() throws {
        let maps = try accounts.maps(user: "4242", group: "web")
        #expect(maps.uid == [IDRange(containerID: 0, hostID: 4242, size: 1)])
        #expect(maps.gid == [IDRange(containerID: 0, hostID: 33, size: 1)])
        #expect(try accounts.maps(user: "4242", group: nil).gid == [IDRange(containerID: 0, hostID: 4242, size: 1)])
    }

    @Test func unknownNamesAreErrors() {
        #expect(throws: UserResolutionError.unknownUser("nobody-here")) {
            try accounts.maps(user: "nobody-here", group: nil)
        }
        #expect(throws: UserResolutionError.unknownGroup("staff")) { try accounts.maps(user: "app", group: "staff") }
    }
}
