import Definitions
import Glibc
import Syscalls
import TestSupport
import Testing

@testable import Engine

/// A layer with what a chown'ed copy must keep: owners (root, a user, a
/// group), a hard link, a setuid-root binary, a file capability, a symbolic
/// link owned by a user, a FIFO, an overlayfs whiteout and opaque directory.
private struct LayerFixture {
    let directory: TemporaryDirectory
    let paths: StatePaths
    let layer: String

    /// 0:0x70000000:65536, as `UserNS=auto` hands out first.
    static let host: UInt32 = 0x7000_0000
    static let range = [IDRange(containerID: 0, hostID: host, size: 65536)]

    init() throws {
        directory = try TemporaryDirectory("layer-copy")
        paths = StatePaths(persistentRoot: directory.path + "/lib", volatileRoot: directory.path + "/run")
        let diffID = String(repeating: "ab", count: 32)
        layer = paths.persistentRoot + "/images/layers/" + diffID
        try FileSystem.makeDirectories(layer + "/etc")
        try FileSystem.makeDirectories(layer + "/home/app")
        try FileSystem.makeDirectories(layer + "/opaque")
        try FileSystem.writeFileAtomically(layer + "/etc/passwd", text: "root:x:0:0::/root:/bin/sh\n")
        try FileSystem.writeFileAtomically(layer + "/home/app/data", text: "app data\n")
        try FileSystem.writeFileAtomically(layer + "/su", text: "#!/bin/sh\n")
        try FileSystem.writeFileAtomically(layer + "/ping", text: "#!/bin/sh\n")
        #expect(chown(layer + "/home/app", 1000, 1000) == 0)
        #expect(chown(layer + "/home/app/data", 1000, 100) == 0)
        #expect(link(layer + "/home/app/data", layer + "/etc/data-link") == 0)
        #expect(chmod(layer + "/su", 0o4755) == 0)
        #expect(symlink("/home/app/data", layer + "/home/app/link") == 0)
        #expect(lchown(layer + "/home/app/link", 1000, 1000) == 0)
        #expect(mkfifo(layer + "/fifo", 0o620) == 0)
        #expect(chmod(layer + "/fifo", 0o620) == 0)
        #expect(mknod(layer + "/whiteout", S_IFCHR | 0o000, 0) == 0)
        let setcap = try Subprocess.run("/usr/sbin/setcap", ["cap_net_bind_service=ep", layer + "/ping"])
        #expect(setcap.code == 0, "\(setcap.standardError)")
        let opaque = try Subprocess.run(
            "/usr/bin/setfattr", ["-n", "trusted.overlay.opaque", "-v", "y", layer + "/opaque"])
        #expect(opaque.code == 0, "\(opaque.standardError)")
    }

    func remove() { directory.remove() }

    func copy() throws -> String {
        try LayerCopies(paths: paths).copy(of: layer, uid: Self.range, gid: Self.range)
    }
}

private func lstatus(_ path: String) -> stat? {
    var info = stat()
    return lstat(path, &info) == 0 ? info : nil
}

/// An extended attribute's value in hex (`getfattr -e hex`), nil when unset.
private func attribute(_ name: String, of path: String) -> String? {
    guard let result = try? Subprocess.run("/usr/bin/getfattr", ["-h", "-e", "hex", "-n", name, path]),
        result.code == 0
    else { return nil }
    return result.standardOutput.split(separator: "\n").first { $0.hasPrefix(name + "=") }
        .map { String($0.dropFirst(name.count + 1)) }
}

@Suite(.serialized, .enabled(if: getuid() == 0, "chowns files to other users: needs root; runs in make check as root"))
struct LayerCopySerialTests {
    @Test func theCopyShiftsEveryOwnerAndKeepsTheRest() throws {
        let fixture = try LayerFixture()
        defer { fixture.remove() }
        let copy = try fixture.copy()
        let host = LayerFixture.host
        #expect(
            copy == fixture.paths.persistentRoot + "/userns/copies/\(host)-65536/layers/"
                + String(repeating: "ab", count: 32))

        let owner = { (path: String) in lstatus(copy + path).map { [$0.st_uid, $0.st_gid] } }
        #expect(owner("") == [host, host])
        #expect(owner("/etc/passwd") == [host, host])
        #expect(owner("/home/app") == [host + 1000, host + 1000])
        #expect(owner("/home/app/data") == [host + 1000, host + 100])
        // The symbolic link itself, not its target.
        #expect(owner("/home/app/link") == [host + 1000, host + 1000])
        #expect((try? FileSystem.readLink(copy + "/home/app/link")) == "/home/app/data")

        // A hard link stays one.
        let data = lstatus(copy + "/home/app/data")
        let linked = lstatus(copy + "/etc/data-link")
        #expect(data?.st_ino == linked?.st_ino && data?.st_nlink == 2)
        #expect((try? FileSystem.readTextFile(copy + "/etc/data-link")) == "app data\n")

        // chown clears setuid and file capabilities: both are back.
        #expect(lstatus(copy + "/su").map { $0.st_mode & 0o7777 } == 0o4755)
        let capability = attribute("security.capability", of: fixture.layer + "/ping")
        #expect(capability != nil)
        #expect(attribute("security.capability", of: copy + "/ping") == capability)
        let getcap = try Subprocess.run("/usr/sbin/getcap", [copy + "/ping"])
        #expect(getcap.standardOutput.contains("cap_net_bind_service"))
        #expect(attribute("trusted.overlay.opaque", of: copy + "/opaque") == "0x79")

        // Special files are made again, with their modes.
        #expect(lstatus(copy + "/fifo").map { $0.st_mode & S_IFMT } == S_IFIFO)
        #expect(lstatus(copy + "/fifo").map { $0.st_mode & 0o7777 } == 0o620)
        let whiteout = lstatus(copy + "/whiteout")
        #expect(whiteout.map { $0.st_mode & S_IFMT } == S_IFCHR && whiteout?.st_rdev == 0)

        // No partial copy is left beside it.
        let siblings = try FileSystem.listDirectory(FileSystem.parentDirectory(of: copy)).map(\.name)
        #expect(siblings == [FileSystem.baseName(of: copy)])
    }

    @Test func anIDOutsideTheRangeBecomesNobody() throws {
        let fixture = try LayerFixture()
        defer { fixture.remove() }
        // Outside 0…65535: unmapped, nobody inside, as through an idmapped mount.
        #expect(chown(fixture.layer + "/etc/passwd", 70000, 0) == 0)
        let copy = try fixture.copy()
        #expect(lstatus(copy + "/etc/passwd").map { [$0.st_uid, $0.st_gid] } == [65534, LayerFixture.host])
    }

    @Test func aSecondStartReusesTheCopy() throws {
        let fixture = try LayerFixture()
        defer { fixture.remove() }
        let first = try fixture.copy()
        let inode = lstatus(first + "/etc/passwd")?.st_ino
        // Even a change of the layer (which a store layer never has) does
        // not rebuild it: the copy is made once.
        try FileSystem.writeFileAtomically(fixture.layer + "/etc/new", text: "x\n")
        let second = try fixture.copy()
        #expect(second == first)
        #expect(lstatus(second + "/etc/passwd")?.st_ino == inode)
        #expect(!FileSystem.exists(second + "/etc/new"))
    }

    @Test func twoConcurrentStartsBuildTheCopyOnce() async throws {
        let fixture = try LayerFixture()
        defer { fixture.remove() }
        // Enough files that the two overlap.
        for index in 0..<400 {
            try FileSystem.writeFileAtomically(fixture.layer + "/etc/file\(index)", text: "\(index)\n")
        }
        let copies = LayerCopies(paths: fixture.paths)
        let layer = fixture.layer
        async let one = Task.detached { try copies.copy(of: layer, uid: LayerFixture.range, gid: LayerFixture.range) }
            .value
        async let two = Task.detached { try copies.copy(of: layer, uid: LayerFixture.range, gid: LayerFixture.range) }
            .value
        let (first, second) = try await (one, two)
        #expect(first == second)
        #expect(lstatus(first + "/etc/file7")?.st_ino == lstatus(second + "/etc/file7")?.st_ino)
        let siblings = try FileSystem.listDirectory(FileSystem.parentDirectory(of: first)).map(\.name)
        #expect(siblings == [FileSystem.baseName(of: first)])
    }

    @Test func aCrashedCopyIsNeverUsedAndIsReplaced() throws {
        let fixture = try LayerFixture()
        defer { fixture.remove() }
        let copies = LayerCopies(paths: fixture.paths)
        let range = copies.rangeDirectory(uid: LayerFixture.range, gid: LayerFixture.range)
        let partial = range + "/layers/.partial-" + FileSystem.baseName(of: fixture.layer)
        try FileSystem.makeDirectories(partial + "/etc")
        let copy = try fixture.copy()
        #expect(FileSystem.exists(copy + "/etc/passwd"))
        #expect(!FileSystem.exists(partial))
    }

    @Test func copiesOfRemovedLayersAndOfARemovedRangeGo() throws {
        let fixture = try LayerFixture()
        defer { fixture.remove() }
        let copies = LayerCopies(paths: fixture.paths)
        let kept = try fixture.copy()
        let gone = String(repeating: "cd", count: 32)
        let goneLayer = fixture.paths.persistentRoot + "/images/layers/" + gone
        try FileSystem.makeDirectories(goneLayer)
        let goneCopy = try copies.copy(of: goneLayer, uid: LayerFixture.range, gid: LayerFixture.range)
        try FileSystem.removeTree(goneLayer)

        #expect(try copies.removeCopiesOfRemovedLayers() == [goneCopy])
        #expect(FileSystem.exists(kept))
        #expect(!FileSystem.exists(goneCopy))

        try copies.removeRange(hostStart: LayerFixture.host, size: 65536)
        #expect(!FileSystem.exists(copies.rangeDirectory(uid: LayerFixture.range, gid: LayerFixture.range)))
    }
}

struct UserNamespaceSettingsTests {
    @Test func layersIsAutoUnlessSwctlConfSaysOtherwise() throws {
        #expect(try UserNamespaceSettings.parse("", path: "swctl.conf").layers == .auto)
        #expect(try UserNamespaceSettings.parse("[Network]\nMTU=1500\n", path: "swctl.conf").layers == .auto)
        #expect(try UserNamespaceSettings.parse("[UserNS]\nLayers=copy\n", path: "swctl.conf").layers == .copy)
        #expect(try UserNamespaceSettings.parse("[UserNS]\nLayers=idmap\n", path: "swctl.conf").layers == .idmap)
    }

    @Test func aWrongValueOrKeyNamesTheLine() {
        #expect(throws: LifecycleError("swctl.conf:2: Layers: 'chown' is not a layer mode (use auto, idmap or copy)")) {
            try UserNamespaceSettings.parse("[UserNS]\nLayers=chown\n", path: "swctl.conf")
        }
        #expect(throws: LifecycleError("swctl.conf:2: [UserNS]: unknown key Copy (use Layers)")) {
            try UserNamespaceSettings.parse("[UserNS]\nCopy=yes\n", path: "swctl.conf")
        }
    }

    @Test func aCopyOfAnImageDirectoryIsNamedByItsPath() {
        let copies = LayerCopies(paths: StatePaths(persistentRoot: "/var/lib/swctl"))
        let range = copies.rangeDirectory(uid: LayerFixture.range, gid: LayerFixture.range)
        #expect(range == "/var/lib/swctl/userns/copies/1879048192-65536")
        #expect(copies.copyPath(of: "/srv/images/busy box", in: range) == range + "/dirs/%2Fsrv%2Fimages%2Fbusy box")
        #expect(
            copies.copyPath(of: "/var/lib/swctl/images/layers/" + String(repeating: "0", count: 64), in: range)
                == range + "/layers/" + String(repeating: "0", count: 64))
        let explicit = [IDRange(containerID: 0, hostID: 100000, size: 1000)]
        #expect(
            copies.rangeDirectory(uid: explicit, gid: [])
                == "/var/lib/swctl/userns/copies/u0.100000.1000-g")
    }
}
