import Confinement
import OCI
import Syscalls

extension InitSequence {
    /// `linux.seccomp` → a BPF program compiled before clone, kept in
    /// memory the child can read without allocating.
    mutating func prepareSeccomp(_ seccomp: Seccomp, cache: SeccompCache?) throws(RuntimeError)
        -> InitStep
    {
        if seccomp.listenerPath != nil {
            throw .invalidSpec("linux.seccomp: listenerPath (SCMP_ACT_NOTIFY) is not supported yet")
        }
        var flags: UInt32 = 0
        for name in seccomp.flags ?? [] {
            guard let flag = SeccompFilterLoad.flags[name] else { throw .seccomp(.unknownFlag(name)) }
            flags |= flag
        }
        let program: [UInt8]
        if let cache {
            program = try cache.program(for: seccomp) { (seccomp) throws(RuntimeError) in
                try Self.compileSeccomp(seccomp).bytes
            }
        } else {
            program = try Self.compileSeccomp(seccomp).bytes
        }
        let storage = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(program.count, 8), alignment: 8)
        program.withUnsafeBytes { storage.copyMemory(from: $0) }
        seccompStorage = storage
        return .loadSeccomp(
            program: UnsafeRawBufferPointer(rebasing: storage[0..<program.count]), flags: flags)
    }

    /// The spec's names → the typed filter → libseccomp.
    static func compileSeccomp(_ seccomp: Seccomp) throws(RuntimeError) -> SeccompProgram {
        do {
            let defaultAction = try SeccompAction(
                name: seccomp.defaultAction, errnoRet: seccomp.defaultErrnoRet)
            var rules: [SeccompRule] = []
            for syscall in seccomp.syscalls ?? [] {
                rules.append(
                    SeccompRule(
                        names: syscall.names,
                        action: try SeccompAction(name: syscall.action, errnoRet: syscall.errnoRet),
                        conditions: (syscall.args ?? []).map {
                            SeccompCondition(
                                index: $0.index, op: $0.op, value: $0.value, valueTwo: $0.valueTwo ?? 0)
                        }))
            }
            return try SeccompProgram.compile(
                defaultAction: defaultAction, architectures: seccomp.architectures ?? [], rules: rules)
        } catch {
            throw .seccomp(error)
        }
    }
}
