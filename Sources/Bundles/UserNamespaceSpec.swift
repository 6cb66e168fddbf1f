import Definitions
import OCI

/// The annotation that records a container's ID maps for `swctl inspect`
/// and `swctl status`: `uid 0:1879048192:65536 gid 0:1879048192:65536`.
public let userNamespaceAnnotation = "org.swctl.userns"

/// Gives the spec a new user namespace with these maps (host IDs resolved
/// by `swctl prepare`: allocated for `UserNS=auto`, or `UIDMap=`/`GIDMap=`).
public func applyUserNamespace(uid: [IDRange], gid: [IDRange], to spec: inout Spec) {
    let mapping = { (ranges: [IDRange]) in
        ranges.map { IDMapping(containerID: $0.containerID, hostID: $0.hostID, size: $0.size) }
    }
    var linux = spec.linux ?? Linux()
    linux.namespaces = (linux.namespaces ?? []).filter { $0.type != .user } + [Namespace(type: .user)]
    linux.uidMappings = mapping(uid)
    linux.gidMappings = mapping(gid)
    spec.linux = linux
    var annotations = spec.annotations ?? [:]
    annotations[userNamespaceAnnotation] = describeMaps(uid: uid, gid: gid)
    spec.annotations = annotations
}

/// `uid 0:1879048192:65536 gid 0:1879048192:65536`.
public func describeMaps(uid: [IDRange], gid: [IDRange]) -> String {
    let text = { (ranges: [IDRange]) in
        ranges.map { "\($0.containerID):\($0.hostID):\($0.size)" }.joined(separator: ",")
    }
    return "uid \(text(uid)) gid \(text(gid))"
}

/// The host ID that `id` in the container is, nil when unmapped.
public func hostID(of id: UInt32, in ranges: [IDRange]) -> UInt32? {
    guard
        let range = ranges.first(where: {
            id >= $0.containerID && UInt64(id) < UInt64($0.containerID) + UInt64($0.size)
        })
    else { return nil }
    return range.hostID + (id - range.containerID)
}
