import Testing

@testable import Runtime

/// `linux.cgroupsPath` in runc's systemd form: which unit, in which slice,
/// at which cgroup path.
struct SystemdCgroupPathTests {
    @Test(arguments: [
        ("system.slice:swctl-test:web", "system.slice", "swctl-test-web.scope", "/system.slice/swctl-test-web.scope"),
        (":swctl-test:web", "system.slice", "swctl-test-web.scope", "/system.slice/swctl-test-web.scope"),
        ("a-b.slice:p:c", "a-b.slice", "p-c.scope", "/a.slice/a-b.slice/p-c.scope"),
        ("-.slice:p:c", "-.slice", "p-c.scope", "/p-c.scope"),
        ("machine.slice::", "machine.slice", "ID.scope", "/machine.slice/ID.scope"),
    ])
    func slicePrefixNameBecomesAScope(path: String, slice: String, unit: String, cgroup: String) throws {
        let parsed = try #require(try SystemdCgroupPath(path, id: "ID"))
        #expect(parsed.slice == slice)
        #expect(parsed.unit == unit)
        #expect(parsed.cgroupPath == cgroup)
    }

    @Test(arguments: [nil, "", "/abs/path", "relative", "a:b"])
    func cgroupPathsAreNotTheSystemdForm(path: String?) throws {
        #expect(try SystemdCgroupPath(path, id: "ID") == nil)
    }

    @Test(arguments: [
        ("system:p:n", "linux.cgroupsPath 'system:p:n': 'system' is not a slice unit name (NAME.slice)"),
        ("a--b.slice:p:n", "linux.cgroupsPath 'a--b.slice:p:n': slice 'a--b.slice' has an empty part between '-'"),
        (
            "system.slice:p:x.slice",
            "linux.cgroupsPath 'system.slice:p:x.slice': a slice as the container's unit is not supported"
        ),
        (
            "system.slice:p q:n",
            "linux.cgroupsPath 'system.slice:p q:n': prefix and name may hold letters, digits and ':-_.\\' only"
        ),
    ])
    func badPartsAreRefused(path: String, message: String) {
        #expect(throws: RuntimeError.invalidSpec(message)) { try SystemdCgroupPath(path, id: "ID") }
    }
}
