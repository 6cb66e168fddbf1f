import CShim

/// `bpf(2)` for cgroup device programs (`BPF_PROG_TYPE_CGROUP_DEVICE`):
/// load, attach to a cgroup, list and detach. Needs CAP_SYS_ADMIN (or
/// CAP_BPF); since Linux 5.11 the program's memory is charged to the
/// caller's cgroup, not to RLIMIT_MEMLOCK.
public enum BpfCgroupDevice {
    /// Loads a program given as whole 8-byte `struct bpf_insn`s. When the
    /// verifier refuses it, its last log line is part of the error.
    public static func load(_ instructions: [UInt8], license: String) throws(SyscallError) -> FileDescriptor {
        let count = UInt32(instructions.count / 8)
        let result = instructions.withUnsafeBytes { buffer in
            valueOrErrno { swctl_bpf_load_cgroup_device(buffer.baseAddress, count, license, nil, 0) }
        }
        switch result {
        case .success(let fd):
            return FileDescriptor(rawValue: fd)
        case .failure(let error) where error == .invalidArgument || error == .permissionDenied:
            // Again with the verifier's log, to say why.
            var log = [CChar](repeating: 0, count: 16_384)
            let size = UInt32(log.count)
            let retry = instructions.withUnsafeBytes { buffer in
                log.withUnsafeMutableBufferPointer { logBuffer in
                    valueOrErrno {
                        swctl_bpf_load_cgroup_device(buffer.baseAddress, count, license, logBuffer.baseAddress, size)
                    }
                }
            }
            if case .success(let fd) = retry { return FileDescriptor(rawValue: fd) }
            let text = String(decoding: log.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let reason = text.split(separator: "\n").last.map { " (verifier: \($0))" } ?? ""
            throw SyscallError("load device filter program\(reason)", errno: error)
        case .failure(let error):
            throw SyscallError("load device filter program", errno: error)
        }
    }

    /// Attaches `program` to the cgroup open at `cgroup` (BPF_F_ALLOW_MULTI:
    /// programs on parent cgroups, such as systemd's DevicePolicy=, still
    /// apply too). `path` names the cgroup in errors.
    public static func attach(_ program: FileDescriptor, to cgroup: FileDescriptor, path: String) throws(SyscallError) {
        _ = try check("attach device filter to cgroup \(path)") {
            swctl_bpf_attach_cgroup_device(cgroup.rawValue, program.rawValue)
        }
    }

    /// Detaches `program` from the cgroup.
    public static func detach(_ program: FileDescriptor, from cgroup: FileDescriptor, path: String)
        throws(SyscallError)
    {
        _ = try check("detach device filter from cgroup \(path)") {
            swctl_bpf_detach_cgroup_device(cgroup.rawValue, program.rawValue)
        }
    }

    /// Descriptors of the device programs attached to the cgroup itself
    /// (not its parents); the caller closes them.
    public static func attached(to cgroup: FileDescriptor, path: String) throws(SyscallError) -> [FileDescriptor] {
        var ids = [UInt32](repeating: 0, count: 64)
        var count = UInt32(ids.count)
        _ = try ids.withUnsafeMutableBufferPointer { (buffer) throws(SyscallError) -> Int32 in
            try check("list device filters of cgroup \(path)") {
                swctl_bpf_query_cgroup_device(cgroup.rawValue, buffer.baseAddress, &count)
            }
        }
        var programs: [FileDescriptor] = []
        for id in ids.prefix(Int(min(count, UInt32(ids.count)))) {
            switch valueOrErrno({ swctl_bpf_program_fd(id) }) {
            case .success(let fd): programs.append(FileDescriptor(rawValue: fd))
            case .failure(let error):
                for program in programs { program.close() }
                throw SyscallError("open device filter program \(id) of cgroup \(path)", errno: error)
            }
        }
        return programs
    }
}
