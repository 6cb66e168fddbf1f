import Syscalls

extension Cgroup {
    /// The controller a control file belongs to: `memory.max` → `memory`,
    /// `hugetlb.2MB.max` → `hugetlb`; nil for the core `cgroup.*` files,
    /// which every cgroup has.
    public static func controller(of file: String) -> String? {
        guard let dot = file.firstIndex(of: "."), dot != file.startIndex else { return nil }
        let name = String(file[..<dot])
        return name == "cgroup" ? nil : name
    }

    /// The cgroup one level up; the root is its own parent.
    public var parent: Cgroup {
        var components = path.split(separator: "/")
        if !components.isEmpty { components.removeLast() }
        return Cgroup(mountPoint: mountPoint, path: "/" + components.joined(separator: "/"))
    }

    /// The controllers this cgroup can use (`cgroup.controllers`).
    public func availableControllers() throws(CgroupError) -> [String] {
        try read("cgroup.controllers").split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    }

    /// The controllers this cgroup passes on to its children (`cgroup.subtree_control`).
    public func enabledControllers() throws(CgroupError) -> [String] {
        try read("cgroup.subtree_control").split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    }

    /// Makes `controllers` usable in this cgroup: each one is enabled in the
    /// `cgroup.subtree_control` of every ancestor from `top` down to the
    /// parent, top-down, since a cgroup can only pass on what it has itself.
    /// `top` is the deepest ancestor that existed before the runtime made
    /// anything (its own parent enabled what it has, which is not ours to
    /// change). `fields` names, per controller, the setting that needs it,
    /// for the error when `top` does not have it.
    ///
    /// Controllers already enabled are left alone, so nothing is written when
    /// nothing is missing (a delegated service cgroup with processes of its
    /// own cannot enable controllers for its children).
    public func enableControllers(_ controllers: [String], from top: Cgroup, fields: [String: String] = [:])
        throws(CgroupError)
    {
        guard !controllers.isEmpty else { return }
        var chain: [Cgroup] = []
        var current = parent
        while true {
            chain.append(current)
            if current.path == top.path || current.path == "/" { break }
            current = current.parent
        }
        for cgroup in chain.reversed() {
            let available = try cgroup.availableControllers()
            for controller in controllers where !available.contains(controller) {
                throw .controllerNotAvailable(
                    controller: controller, field: fields[controller] ?? "linux.resources",
                    cgroup: cgroup.directory, available: available)
            }
            let enabled = try cgroup.enabledControllers()
            let missing = controllers.filter { !enabled.contains($0) }
            guard !missing.isEmpty else { continue }
            let request = missing.map { "+" + $0 }.joined(separator: " ")
            do {
                try FileDescriptor.writeFile(cgroup.directory + "/cgroup.subtree_control", request)
            } catch {
                throw .enableControllers(request: request, cgroup: cgroup.directory, cause: error.errno)
            }
        }
    }
}
