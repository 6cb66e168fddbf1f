import Glibc
import Testing

@testable import Commands

@Suite("top: processes of a cgroup, as docker top shows them")
struct TopRenderingTests {
    /// A fixture tree: cgroup/ctr@web.service/{cgroup.procs, container/cgroup.procs},
    /// proc/PID/{stat,status,cmdline}, etc/passwd.
    final class Fixture {
        let root: String

        init() throws {
            var template = Array("/tmp/swctl-top-XXXXXX".utf8CString)
            guard let made = mkdtemp(&template) else { throw FixtureError.make }
            root = String(cString: made)
        }

        deinit { _ = system("rm -rf '\(root)'") }

        func write(_ path: String, _ bytes: [UInt8]) throws {
            let full = root + "/" + path
            var dir = ""
            for component in full.split(separator: "/").dropLast() {
                dir += "/" + component
                _ = mkdir(dir, 0o755)
            }
            guard let file = fopen(full, "w") else { throw FixtureError.make }
            defer { fclose(file) }
            _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        }

        func write(_ path: String, _ text: String) throws { try write(path, Array(text.utf8)) }

        func process(pid: Int32, ppid: Int32, comm: String, uid: UInt32, utime: Int, stime: Int, argv: [String])
            throws
        {
            try write(
                "proc/\(pid)/stat",
                "\(pid) (\(comm)) S \(ppid) \(pid) \(pid) 0 -1 4194560 100 0 0 0 \(utime) \(stime) 0 0 20 0 1 0 1234 0 0\n"
            )
            try write("proc/\(pid)/status", "Name:\t\(comm)\nUid:\t0\t\(uid)\t\(uid)\t\(uid)\nGid:\t0\t0\t0\t0\n")
            try write("proc/\(pid)/cmdline", argv.flatMap { Array($0.utf8) + [0] })
        }
    }

    enum FixtureError: Error { case make }

    @Test("the cgroup and its children's processes, in PID order, with user, CPU time and command")
    func table() throws {
        let f = try Fixture()
        try f.write("cgroup/system.slice/ctr@web.service/cgroup.procs", "")
        try f.write("cgroup/system.slice/ctr@web.service/container/cgroup.procs", "812\n4242\n")
        try f.process(pid: 4242, ppid: 812, comm: "sleep", uid: 1000, utime: 0, stime: 0, argv: ["sleep", "1000"])
        try f.process(
            pid: 812, ppid: 790, comm: "sh", uid: 0, utime: 8_640_000, stime: 100,
            argv: ["/bin/sh", "-c", "while :; do sleep 1000; done"])
        try f.write("etc/passwd", "root:x:0:0:root:/root:/bin/sh\nweb:x:1000:1000::/srv:/bin/false\n")
        let source = ProcessSource(
            cgroupRoots: [f.root + "/nowhere", f.root + "/cgroup"], procRoot: f.root + "/proc",
            passwdPath: f.root + "/etc/passwd")

        let directory = try #require(source.cgroupDirectory("/system.slice/ctr@web.service"))
        #expect(directory == f.root + "/cgroup/system.slice/ctr@web.service")
        let processes = try source.processes(inCgroupAt: directory)
        let names = source.userNames()
        let text = ProcessTable.render(processes, userName: { names[$0] }, ticksPerSecond: 100)
        #expect(
            text == """
                PID    PPID   USER   TIME         COMMAND
                812    790    root   1-00:00:01   /bin/sh -c while :; do sleep 1000; done
                4242   812    web    00:00:00     sleep 1000

                """)
    }

    @Test("a process that has gone is skipped; one without a command line shows [comm]")
    func vanishedAndZombie() throws {
        let f = try Fixture()
        try f.write("cgroup/u/cgroup.procs", "7\n8\n")
        try f.process(pid: 7, ppid: 1, comm: "my (odd) name", uid: 4321, utime: 6100, stime: 0, argv: [])
        let source = ProcessSource(
            cgroupRoots: [f.root + "/cgroup"], procRoot: f.root + "/proc", passwdPath: "/nowhere")
        let processes = try source.processes(inCgroupAt: try #require(source.cgroupDirectory("/u")))
        #expect(
            processes == [ProcessEntry(pid: 7, parentPID: 1, uid: 4321, cpuTicks: 6100, command: "[my (odd) name]")])
        let text = ProcessTable.render(processes, userName: { _ in nil }, ticksPerSecond: 100)
        #expect(text.hasSuffix("7     1      4321   00:01:01   [my (odd) name]\n"))
    }

    @Test("a unit's cgroup that is nowhere is nil")
    func noCgroup() {
        #expect(ProcessSource(cgroupRoots: ["/nonexistent"]).cgroupDirectory("/system.slice/x.service") == nil)
    }
}
