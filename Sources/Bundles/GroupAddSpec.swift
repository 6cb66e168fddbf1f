import Definitions

/// `GroupAdd=`: more supplementary groups for the container's user, by
/// number or by a name in the image's /etc/group, after those the image
/// gives the user, each once.
public func addingGroups(
    _ names: [String], to user: ResolvedUser, groups: [GroupEntry]
) throws(GroupAddError) -> ResolvedUser {
    var result = user
    var seen = Set([user.gid] + user.additionalGids)
    for name in names {
        let gid: UInt32
        if let number = UInt32(name) {
            gid = number
        } else if let entry = groups.first(where: { $0.name == name }) {
            gid = entry.gid
        } else {
            throw GroupAddError(name: name)
        }
        if seen.insert(gid).inserted { result.additionalGids.append(gid) }
    }
    return result
}

public struct GroupAddError: Error, Equatable, CustomStringConvertible {
    public var name: String
    public var description: String {
        "GroupAdd: no group '\(name)' in the image's /etc/group (use a name it has or a numeric gid)"
    }
}
