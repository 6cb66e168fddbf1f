/// Resolves `User=`/`Group=` against the image's /etc/passwd and /etc/group,
/// as `docker run --user` does: names are looked up, numbers are taken as they
/// are (a uid missing from passwd gets gid 0), and supplementary groups come
/// from /etc/group memberships of the user's name.
public struct ResolvedUser: Sendable, Equatable {
    public var uid: UInt32
    public var gid: UInt32
    public var additionalGids: [UInt32]
    /// The user's home from passwd, `/` when unknown (sets `HOME`).
    public var home: String

    public init(uid: UInt32, gid: UInt32, additionalGids: [UInt32] = [], home: String = "/") {
        self.uid = uid
        self.gid = gid
        self.additionalGids = additionalGids
        self.home = home
    }

    public static let root = ResolvedUser(uid: 0, gid: 0, home: "/root")
}

/// A line of /etc/passwd: `name:password:uid:gid:gecos:home:shell`.
public struct PasswdEntry: Sendable, Equatable {
    public var name: String
    public var uid: UInt32
    public var gid: UInt32
    public var home: String
}

/// A line of /etc/group: `name:password:gid:member,member`.
public struct GroupEntry: Sendable, Equatable {
    public var name: String
    public var gid: UInt32
    public var members: [String]
}

public enum UserResolutionError: Error, Equatable, CustomStringConvertible {
    case unknownUser(String)
    case unknownGroup(String)

    public var description: String {
        switch self {
        case .unknownUser(let name):
            return "User: no user '\(name)' in the image's /etc/passwd (use a name it has or a numeric uid)"
        case .unknownGroup(let name):
            return "Group: no group '\(name)' in the image's /etc/group (use a name it has or a numeric gid)"
        }
    }
}

/// Parses passwd text; malformed lines are skipped as libc's getpwent does.
public func parsePasswd(_ text: String) -> [PasswdEntry] {
    text.split(separator: "\n").compactMap { line in
        let fields = line.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count >= 7, !line.hasPrefix("#"),
            let uid = UInt32(fields[2]), let gid = UInt32(fields[3])
        else { return nil }
        return PasswdEntry(name: String(fields[0]), uid: uid, gid: gid, home: String(fields[5]))
    }
}

/// Parses group text; malformed lines are skipped.
public func parseGroup(_ text: String) -> [GroupEntry] {
    text.split(separator: "\n").compactMap { line in
        let fields = line.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count >= 4, !line.hasPrefix("#"), let gid = UInt32(fields[2]) else { return nil }
        let members = fields[3].split(separator: ",").map(String.init)
        return GroupEntry(name: String(fields[0]), gid: gid, members: members)
    }
}

/// Resolves the definition's user and group. `passwd`/`group` are the image's
/// files (empty when the image has none).
public func resolveUser(
    user: String?, group: String?, passwd: [PasswdEntry], groups: [GroupEntry]
) throws(UserResolutionError) -> ResolvedUser {
    var resolved = ResolvedUser.root
    var userName: String? = "root"
    if let user, !user.isEmpty {
        if let uid = UInt32(user) {
            let entry = passwd.first { $0.uid == uid }
            resolved = ResolvedUser(uid: uid, gid: entry?.gid ?? 0, home: entry?.home ?? "/")
            userName = entry?.name
        } else if let entry = passwd.first(where: { $0.name == user }) {
            resolved = ResolvedUser(uid: entry.uid, gid: entry.gid, home: entry.home)
            userName = entry.name
        } else {
            throw .unknownUser(user)
        }
    } else if let entry = passwd.first(where: { $0.uid == 0 }) {
        resolved.home = entry.home
    }
    if let group, !group.isEmpty {
        if let gid = UInt32(group) {
            resolved.gid = gid
        } else if let entry = groups.first(where: { $0.name == group }) {
            resolved.gid = entry.gid
        } else {
            throw .unknownGroup(group)
        }
    }
    if let userName {
        var seen: Set<UInt32> = [resolved.gid]
        for entry in groups where entry.members.contains(userName) && seen.insert(entry.gid).inserted {
            resolved.additionalGids.append(entry.gid)
        }
    }
    return resolved
}
