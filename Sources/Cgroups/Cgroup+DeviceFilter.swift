import Syscalls

extension Cgroup {
    /// Loads the compiled device filter and attaches it to this cgroup, then
    /// detaches the device programs that were attached to it before (a
    /// reused cgroup): the new filter replaces them, and there is no moment
    /// without a filter. Returns the program's descriptor, for `detach`; the
    /// caller closes it (the attachment keeps the program alive).
    public func attachDeviceFilter(_ program: [DeviceFilter.Instruction]) throws(CgroupError) -> FileDescriptor {
        do throws(SyscallError) {
            let directory = try FileDescriptor.open(self.directory, [.directory])
            defer { directory.close() }
            let earlier = try BpfCgroupDevice.attached(to: directory, path: path)
            defer { for old in earlier { old.close() } }
            let loaded = try BpfCgroupDevice.load(DeviceFilter.bytes(of: program), license: DeviceFilter.license)
            do throws(SyscallError) {
                try BpfCgroupDevice.attach(loaded, to: directory, path: path)
                for old in earlier { try BpfCgroupDevice.detach(old, from: directory, path: path) }
            } catch {
                loaded.close()
                throw error
            }
            return loaded
        } catch {
            throw .system(error)
        }
    }

    /// Detaches a filter attached by `attachDeviceFilter`; best effort (a
    /// removed cgroup has dropped it already).
    public func detachDeviceFilter(_ program: FileDescriptor) {
        guard let directory = try? FileDescriptor.open(self.directory, [.directory]) else { return }
        defer { directory.close() }
        try? BpfCgroupDevice.detach(program, from: directory, path: path)
    }
}
