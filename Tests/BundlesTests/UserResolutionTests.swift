import Testing

@testable import Bundles

private let passwd = parsePasswd(
    """
    root:x:0:0:root:/root:/bin/sh
    daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
    # a comment
    broken line
    www:x:33:33:www-data:/var/www:/usr/sbin/nologin
    """)
private let groups = parseGroup(
    """
    root:x:0:
    www:x:33:
    audio:x:29:www,daemon
    video:x:44:www
    staff:x:50:
    """)

@Suite struct UserResolutionTests {
    @Test func malformedLinesAreSkipped() {
        #expect(passwd.map(\.name) == ["root", "daemon", "www"])
        #expect(groups.first { $0.name == "audio" }?.members == ["www", "daemon"])
    }

    @Test func noUserMeansRootWithItsHome() throws {
        #expect(
            try resolveUser(user: nil, group: nil, passwd: passwd, groups: groups)
                == ResolvedUser(uid: 0, gid: 0, home: "/root"))
    }

    @Test func aNameResolvesToUidGidHomeAndSupplementaryGroups() throws {
        #expect(
            try resolveUser(user: "www", group: nil, passwd: passwd, groups: groups)
                == ResolvedUser(uid: 33, gid: 33, additionalGids: [29, 44], home: "/var/www"))
    }

    @Test func aNumericUidNotInPasswdGetsGidZero() throws {
        #expect(
            try resolveUser(user: "1234", group: nil, passwd: passwd, groups: groups)
                == ResolvedUser(uid: 1234, gid: 0, home: "/"))
        #expect(try resolveUser(user: "33", group: nil, passwd: passwd, groups: groups).home == "/var/www")
    }

    @Test func groupOverridesThePrimaryGroup() throws {
        #expect(try resolveUser(user: "www", group: "staff", passwd: passwd, groups: groups).gid == 50)
        #expect(try resolveUser(user: "www", group: "7", passwd: passwd, groups: groups).gid == 7)
    }

    @Test func unknownNamesAreErrorsThatSayWhatToUse() {
        #expect(throws: UserResolutionError.unknownUser("nobody")) {
            try resolveUser(user: "nobody", group: nil, passwd: passwd, groups: groups)
        }
        #expect(throws: UserResolutionError.unknownGroup("wheel")) {
            try resolveUser(user: nil, group: "wheel", passwd: passwd, groups: groups)
        }
        #expect(
            UserResolutionError.unknownUser("nobody").description
                == "User: no user 'nobody' in the image's /etc/passwd (use a name it has or a numeric uid)")
    }
}
