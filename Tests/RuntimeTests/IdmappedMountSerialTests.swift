import Glibc
import JSON
import OCI
import Syscalls
import TestSupport
import Testing

/// Idmapped bind mounts (runtime-spec 1.2 `mounts[].uidMappings`, options
/// `idmap`/`ridmap`), with the kernel's and runc 1.2's reading of the maps:
/// a file owned by `containerID` on disk is seen as `hostID` through the
/// mount, and what a process of ID `hostID` writes there lands on disk as
/// `containerID` — so a root-owned host directory is a user's own inside.
/// runc 1.1 (Debian's) has no idmapped mounts: the expectations are the
/// spec's.
@Suite(
    .serialized,
    .enabled(
        if: Ring.isRoot && Ring.hasCgroup2View && Ring.hasBusybox,
        "needs root, a private cgroup v2 view and busybox-static: runs under Tests/rings/ring1.sh (make check)"))
struct IdmappedMountSerialTests {
    private func specWithData(_ data: TemporaryDirectory, options: [String], mappings: Bool = true) throws -> Spec {
        var spec = try baseSpec([
            "sh", "-c", "stat -c %u:%g /data/file; touch /data/new && stat -c %u:%g /data/new; stat -c %u:%g /data",
        ])
        spec.process?.user = User(uid: 1000, gid: 1000)
        let map = [IDMapping(containerID: 0, hostID: 1000, size: 1)]
        spec.mounts?.append(
            Mount(
                destination: "/data", type: "bind", source: data.path, options: options,
                uidMappings: mappings ? map : nil, gidMappings: mappings ? map : nil))
        return spec
    }

    @Test(arguments: [["rbind", "idmap"], ["bind", "ridmap"]])
    func hostOwnersAreSeenThroughTheMountsMaps(options: [String]) throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let data = try TemporaryDirectory("idmap")
        defer { data.remove() }
        try data.write("file", "owned by root on disk\n")
        chmod(data.path, 0o755)
        let bundle = try makeBundle(try specWithData(data, options: options))
        defer { bundle.remove() }
        let result = try harness(["run", "-b", bundle.path, RuntimeHarness.id("idmap")])
        #expect(result.code == 0, "\(result.standardError)")
        // Root's files are user 1000's in the mount, and user 1000 (who may
        // write to the root-owned directory through it) makes root's files.
        #expect(result.standardOutput == "1000:1000\n1000:1000\n1000:1000\n", "\(result.standardError)")
        let onDisk = try #require(try FileSystem.status(data.path + "/new"))
        #expect(onDisk.uid == 0 && onDisk.gid == 0)
        let original = try #require(try FileSystem.status(data.path + "/file"))
        #expect(original.uid == 0, "the host's view is unchanged")
        #expect(!(try FileSystem.readTextFile("/proc/self/mountinfo")).contains(" /data "))
    }

    @Test func idmapNeedsABindMountAndMappings() throws {
        let harness = try RuntimeHarness()
        defer { harness.remove() }
        let data = try TemporaryDirectory("idmap")
        defer { data.remove() }
        var tmpfs = try baseSpec(["true"])
        tmpfs.mounts?.append(Mount(destination: "/scratch", type: "tmpfs", source: "tmpfs", options: ["idmap"]))
        let bundle = try makeBundle(tmpfs)
        defer { bundle.remove() }
        let id = RuntimeHarness.id("idmap-tmpfs")
        let notBind = try harness(["run", "-b", bundle.path, id])
        #expect(notBind.code == 1)
        #expect(
            notBind.standardError
                == "swctl-runtime: \(id): config.json: mount /scratch: idmap needs a bind mount (type bind or option bind/rbind)\n"
        )
        try bundle.writeConfig(
            try JSONEncoder().encode(try specWithData(data, options: ["rbind", "idmap"], mappings: false)))
        let unmapped = try harness(["run", "-b", bundle.path, id])
        #expect(unmapped.code == 1)
        #expect(
            unmapped.standardError.hasSuffix("idmap needs uidMappings and gidMappings (on the mount or in linux)\n"))
        #expect(!FileSystem.exists(harness.state.path + "/" + id))
    }
}
