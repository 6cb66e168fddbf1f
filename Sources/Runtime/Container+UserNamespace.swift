import Cgroups
import OCI
import Syscalls

/// The runtime's side of the container's namespaces around the clone: what
/// it enters for the child and leaves again, the ID maps it writes while
/// the child waits, and what the container's root must own on the host.
extension Container {
    /// Enters what the child cannot enter itself and must be born into:
    /// namespaces joined by path when the container gets a new user
    /// namespace, and a new time namespace with its offsets. Returns the
    /// runtime's own namespaces, to go back to right after the clone.
    static func enterNamespacesBeforeClone(_ sequence: InitSequence) throws(RuntimeError) -> SavedNamespaces {
        var outside = SavedNamespaces()
        do {
            for join in sequence.namespaceSetup.joinBeforeClone {
                try outside.save(join.kind)
                try Namespaces.join(join.fd, kind: join.kind, path: join.path)
            }
            if let time = sequence.namespaceSetup.newTime {
                try outside.save(.time)
                try Namespaces.unshare(.time, operation: "unshare time namespace")
                if let offsets = time.offsets { try Namespaces.setTimeOffsets(offsets) }
            }
        } catch {
            try? outside.restore()
            throw .system(error)
        }
        return outside
    }

    /// Writes the new user namespace's maps for the waiting child `pid`:
    /// uid_map, setgroups when it must be denied, gid_map.
    static func writeUserNamespaceMaps(_ sequence: InitSequence, pid: Int32) throws(RuntimeError) {
        guard let maps = sequence.namespaceSetup.userMaps else { return }
        do {
            try UserNamespaceFiles.writeMap(.uid, of: pid, maps.uidMap.fileContents)
            if maps.denySetgroups { try UserNamespaceFiles.denySetgroups(of: pid) }
            try UserNamespaceFiles.writeMap(.gid, of: pid, maps.gidMap.fileContents)
        } catch {
            throw .system(error)
        }
    }

    /// Gives the container what it must reach on the host: its process
    /// the exec FIFO it opens at `start`, and its root (the host IDs
    /// container 0 maps to), as runc does on cgroup v2, its cgroup when it
    /// may manage it (see `managesItsCgroup`).
    static func giveOwnershipToUserNamespaceRoot(
        _ sequence: InitSequence, spec: Spec, cgroup: Cgroup, fifo: String?
    ) throws(RuntimeError) {
        if let fifo, sequence.namespaceSetup.joinsUserNamespace {
            // Who the process is on the host is not known here: as runc,
            // anyone may open the FIFO for writing (it is reached only
            // through the runtime's state directory or the init's descriptor).
            do { try UserNamespaceFiles.changeMode(fifo, 0o622) } catch { throw .system(error) }
        }
        guard let maps = sequence.namespaceSetup.userMaps else { return }
        var owners: [(path: String, uid: UInt32, gid: UInt32)] = []
        if let fifo { owners.append((fifo, maps.processUID, maps.processGID)) }
        if managesItsCgroup(spec) {
            owners.append((cgroup.directory, maps.rootUID, maps.rootGID))
            for file in delegatedCgroupFiles() where FileSystem.exists(cgroup.directory + "/" + file) {
                owners.append((cgroup.directory + "/" + file, maps.rootUID, maps.rootGID))
            }
        }
        do {
            for owner in owners { try UserNamespaceFiles.changeOwner(owner.path, uid: owner.uid, gid: owner.gid) }
        } catch {
            throw .system(error)
        }
    }

    /// As runc: the container manages its cgroup when it has a cgroup
    /// namespace of its own and mounts the cgroup file system writable.
    static func managesItsCgroup(_ spec: Spec) -> Bool {
        guard spec.linux?.namespaces?.contains(where: { $0.type == .cgroup && $0.path == nil }) == true else {
            return false
        }
        return (spec.mounts ?? []).contains { mount in
            (mount.type == "cgroup" || mount.type == "cgroup2") && !(mount.options ?? []).contains("ro")
        }
    }

    /// Removes the cgroups below `directory`, deepest first: the owner of
    /// a delegated cgroup may have made some, and its own cgroup goes only
    /// once they are gone. Best effort; a populated one stays.
    static func removeChildCgroups(of directory: String) {
        guard let entries = try? FileSystem.listDirectory(directory) else { return }
        for entry in entries where entry.kind == .directory {
            removeChildCgroups(of: directory + "/" + entry.name)
            try? Directory.remove(directory + "/" + entry.name)
        }
    }

    /// The files a delegated cgroup's owner must own, as the kernel lists
    /// them (`/sys/kernel/cgroup/delegate`, Linux 4.15), else the basic three.
    static func delegatedCgroupFiles(listedIn path: String = "/sys/kernel/cgroup/delegate") -> [String] {
        guard let text = try? FileSystem.readTextFile(path) else {
            return ["cgroup.procs", "cgroup.subtree_control", "cgroup.threads"]
        }
        return text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty && !$0.contains("/") }
    }
}
