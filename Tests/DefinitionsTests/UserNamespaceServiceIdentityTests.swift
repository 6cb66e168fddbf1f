import Testing

@testable import Definitions

/// `[Service] User=`/`Group=`/`DynamicUser=`: read as the container's user
/// namespace, never passed to the unit.
@Suite struct UserNamespaceServiceIdentityTests {
    @Test func userGroupAndDynamicUserAreRead() throws {
        let user = try #require(parseContainer("[Service]\nUser=app\nRestart=always").definition)
        #expect(user.serviceIdentity == .user("app", group: nil))
        #expect(user.unitServiceSection.map(\.key) == ["Restart"])

        let group = try #require(parseContainer("[Service]\nUser=1000\nGroup=web").definition)
        #expect(group.serviceIdentity == .user("1000", group: "web"))
        #expect(group.unitServiceSection.isEmpty)

        let dynamic = try #require(parseContainer("[Service]\nDynamicUser=yes\nUser=app").definition)
        #expect(dynamic.serviceIdentity == .dynamic)

        let off = try #require(parseContainer("[Service]\nDynamicUser=no").definition)
        #expect(off.serviceIdentity == nil)
        #expect(off.unitServiceSection.isEmpty)
        #expect(try #require(parseContainer("[Service]\nUser=app\nUser=").definition).serviceIdentity == nil)
    }

    @Test(arguments: [
        ("[Service]\nDynamicUser=maybe", 4, "DynamicUser: 'maybe' is not a boolean (use yes or no)"),
        ("[Service]\nUser=app:app", 4, "User: 'app:app' is not a user name or UID (set the group with Group=)"),
        ("[Service]\nGroup=web", 4, "Group: needs User= in [Service] (the container's root is that user on the host)"),
        (
            "UserNS=auto\n[Service]\nUser=app", 5,
            "User=/DynamicUser= in [Service] give the container a user namespace of their own (remove UserNS=, UIDMap=, GIDMap=, SubUIDMap= and SubGIDMap=)"
        ),
        (
            "UIDMap=0:100000:10\n[Service]\nDynamicUser=yes", 5,
            "User=/DynamicUser= in [Service] give the container a user namespace of their own (remove UserNS=, UIDMap=, GIDMap=, SubUIDMap= and SubGIDMap=)"
        ),
    ])
    func conflictsNameTheLine(text: String, line: Int, message: String) {
        let result = parseContainer(text)
        #expect(result.diagnostics.map(\.description) == ["\(webPath):\(line): \(message)"])
        #expect(result.definition == nil)
    }
}
