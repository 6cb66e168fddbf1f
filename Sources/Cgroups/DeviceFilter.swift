/// Device access rules compiled to a `BPF_PROG_TYPE_CGROUP_DEVICE` program:
/// cgroup v2 has no devices controller, the kernel asks an eBPF program
/// attached to the cgroup on every open and mknod of a device node.
///
/// Pure: rules in, raw eBPF instructions out; loading is
/// `Cgroup.attachDeviceFilter`.
///
/// Rules apply in order and, for every access bit asked for, the last rule
/// that matches the device and names that bit decides. An access asking for
/// several bits (open O_RDWR asks for read and write) is allowed only if
/// every bit is. A rule `a *:* rwm` matches everything, so the last one
/// makes the default and hides every rule before it. This agrees with
/// runc's devicefilter except where runc's cgroup v1 emulator keeps a
/// specific deny alive under a later wildcard allow of the same bit.
public enum DeviceFilter {
    /// Device kinds as `bpf_cgroup_dev_ctx.access_type` has them (low 16 bits).
    public enum Kind: Equatable, Sendable {
        case all, block, char

        /// `BPF_DEVCG_DEV_BLOCK` = 1, `BPF_DEVCG_DEV_CHAR` = 2; nil for all.
        var code: Int32? {
            switch self {
            case .all: return nil
            case .block: return 1
            case .char: return 2
            }
        }
    }

    /// `BPF_DEVCG_ACC_*` bits (high 16 bits of `access_type`).
    public struct Access: OptionSet, Equatable, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        public static let mknod = Access(rawValue: 1)
        public static let read = Access(rawValue: 2)
        public static let write = Access(rawValue: 4)
        public static let all: Access = [.mknod, .read, .write]

        /// `rwm` letters in any order; nil for any other letter.
        public init?(letters: String) {
            var access: Access = []
            for letter in letters {
                switch letter {
                case "r": access.insert(.read)
                case "w": access.insert(.write)
                case "m": access.insert(.mknod)
                default: return nil
                }
            }
            self = access
        }
    }

    /// One rule; nil major or minor is a wildcard.
    public struct Rule: Equatable, Sendable {
        public var allow: Bool
        public var kind: Kind
        public var major: UInt32?
        public var minor: UInt32?
        public var access: Access

        public init(allow: Bool, kind: Kind, major: UInt32? = nil, minor: UInt32? = nil, access: Access = .all) {
            self.allow = allow
            self.kind = kind
            self.major = major
            self.minor = minor
            self.access = access
        }

        /// `a *:* rwm`: matches every access to every device.
        var matchesEverything: Bool { kind == .all && major == nil && minor == nil && access == .all }
    }

    /// The kernel's license check: cgroup device programs call no GPL-only
    /// helper, so any string does; runc and crun say "Apache".
    public static let license = "Apache"

    /// The program for `rules`. Without a rule matching everything the
    /// default is deny (an allow list). Rules naming no access match nothing.
    public static func compile(_ rules: [Rule]) -> [Instruction] {
        // The last rule matching everything sets the default and hides all before it.
        var effective = rules
        var defaultAllow = false
        if let last = rules.lastIndex(where: \.matchesEverything) {
            defaultAllow = rules[last].allow
            effective = Array(rules[(last + 1)...])
        }
        effective.removeAll { $0.access.isEmpty }
        // The program tries rules last first. A trailing run (in program
        // order) of rules whose action is the default's changes no verdict.
        var ordered = Array(effective.reversed())
        if let lastDifferent = ordered.lastIndex(where: { $0.allow != defaultAllow }) {
            ordered = Array(ordered[...lastDifferent])
        } else {
            ordered = []
        }

        var program = Program()
        // struct bpf_cgroup_dev_ctx { u32 access_type; u32 major; u32 minor; }
        program.emit(.loadWord(.r2, from: .r1, offset: 0))
        program.emit(.and32(.r2, 0xFFFF))  // r2 = device kind
        program.emit(.loadWord(.r3, from: .r1, offset: 0))
        program.emit(.shiftRight32(.r3, 16))  // r3 = access bits still undecided
        program.emit(.loadWord(.r4, from: .r1, offset: 4))  // r4 = major
        program.emit(.loadWord(.r5, from: .r1, offset: 8))  // r5 = minor
        for rule in ordered {
            program.append(rule)
        }
        program.emit(.move32(.r0, defaultAllow ? 1 : 0))
        program.emit(.exit)
        return program.instructions
    }

    /// Instructions with jumps to the end of the current block, resolved
    /// when the block is closed.
    private struct Program {
        var instructions: [Instruction] = []

        mutating func emit(_ instruction: Instruction) { instructions.append(instruction) }

        /// One rule: skip to the next block unless the device matches; then
        /// decide, or (for an allow naming some of the pending bits) clear
        /// those bits and go on, so earlier rules decide the rest.
        mutating func append(_ rule: Rule) {
            var jumps: [Int] = []
            func skipUnless(_ register: Register, equals value: Int32) {
                jumps.append(instructions.count)
                emit(.jumpIfNotEqual(register, value, offset: 0))
            }
            if let code = rule.kind.code { skipUnless(.r2, equals: code) }
            if let major = rule.major { skipUnless(.r4, equals: Int32(bitPattern: major)) }
            if let minor = rule.minor { skipUnless(.r5, equals: Int32(bitPattern: minor)) }
            if rule.access != .all {
                if rule.allow {
                    emit(.and32(.r3, Access.all.rawValue & ~rule.access.rawValue))
                    jumps.append(instructions.count)
                    emit(.jumpIfNotEqual(.r3, 0, offset: 0))
                } else {
                    emit(.moveRegister32(.r1, .r3))
                    emit(.and32(.r1, rule.access.rawValue))
                    jumps.append(instructions.count)
                    emit(.jumpIfEqual(.r1, 0, offset: 0))
                }
            }
            emit(.move32(.r0, rule.allow ? 1 : 0))
            emit(.exit)
            for index in jumps {
                instructions[index].offset = Int16(instructions.count - index - 1)
            }
        }
    }
}

extension DeviceFilter {
    /// eBPF registers used here.
    public enum Register: UInt8, Sendable {
        case r0 = 0, r1, r2, r3, r4, r5
    }

    /// One `struct bpf_insn`: opcode, registers, offset, immediate.
    public struct Instruction: Equatable, Sendable, CustomStringConvertible {
        public var code: UInt8
        public var destination: Register
        public var source: Register
        public var offset: Int16
        public var immediate: Int32

        init(_ code: UInt8, _ destination: Register, _ source: Register = .r0, offset: Int16 = 0, immediate: Int32 = 0)
        {
            self.code = code
            self.destination = destination
            self.source = source
            self.offset = offset
            self.immediate = immediate
        }

        // Opcodes from <linux/bpf.h>: class | operation | source.
        static let ldxMemW: UInt8 = 0x61  // BPF_LDX | BPF_MEM | BPF_W
        static let alu32AndK: UInt8 = 0x54  // BPF_ALU | BPF_AND | BPF_K
        static let alu32RshK: UInt8 = 0x74  // BPF_ALU | BPF_RSH | BPF_K
        static let alu32MovK: UInt8 = 0xB4  // BPF_ALU | BPF_MOV | BPF_K
        static let alu32MovX: UInt8 = 0xBC  // BPF_ALU | BPF_MOV | BPF_X
        static let jmpJneK: UInt8 = 0x55  // BPF_JMP | BPF_JNE | BPF_K
        static let jmpJeqK: UInt8 = 0x15  // BPF_JMP | BPF_JEQ | BPF_K
        static let jmpExit: UInt8 = 0x95  // BPF_JMP | BPF_EXIT

        /// `dst = *(u32 *)(src + offset)`.
        public static func loadWord(_ destination: Register, from source: Register, offset: Int16) -> Instruction {
            Instruction(ldxMemW, destination, source, offset: offset)
        }
        /// `dst = (u32)dst & value`.
        public static func and32(_ destination: Register, _ value: Int32) -> Instruction {
            Instruction(alu32AndK, destination, immediate: value)
        }
        /// `dst = (u32)dst >> value`.
        public static func shiftRight32(_ destination: Register, _ value: Int32) -> Instruction {
            Instruction(alu32RshK, destination, immediate: value)
        }
        /// `dst = (u32)value`.
        public static func move32(_ destination: Register, _ value: Int32) -> Instruction {
            Instruction(alu32MovK, destination, immediate: value)
        }
        /// `dst = (u32)src`.
        public static func moveRegister32(_ destination: Register, _ source: Register) -> Instruction {
            Instruction(alu32MovX, destination, source)
        }
        /// `if dst != value goto +offset`.
        public static func jumpIfNotEqual(_ destination: Register, _ value: Int32, offset: Int16) -> Instruction {
            Instruction(jmpJneK, destination, offset: offset, immediate: value)
        }
        /// `if dst == value goto +offset`.
        public static func jumpIfEqual(_ destination: Register, _ value: Int32, offset: Int16) -> Instruction {
            Instruction(jmpJeqK, destination, offset: offset, immediate: value)
        }
        /// `return r0`.
        public static let exit = Instruction(jmpExit, .r0)

        /// The 8 bytes the kernel reads (little-endian hosts: destination
        /// register in the low nibble).
        public var bytes: [UInt8] {
            let offsetBits = UInt16(bitPattern: offset)
            let immediateBits = UInt32(bitPattern: immediate)
            return [
                code, destination.rawValue | (source.rawValue << 4),
                UInt8(truncatingIfNeeded: offsetBits), UInt8(truncatingIfNeeded: offsetBits >> 8),
                UInt8(truncatingIfNeeded: immediateBits), UInt8(truncatingIfNeeded: immediateBits >> 8),
                UInt8(truncatingIfNeeded: immediateBits >> 16), UInt8(truncatingIfNeeded: immediateBits >> 24),
            ]
        }

        /// An assembler-like line for tests and messages (`jne r4, 1, +3`).
        public var description: String {
            let dst = "r\(destination.rawValue)"
            switch code {
            case Self.ldxMemW: return "ldxw \(dst), [r\(source.rawValue)+\(offset)]"
            case Self.alu32AndK: return "and32 \(dst), \(immediate)"
            case Self.alu32RshK: return "rsh32 \(dst), \(immediate)"
            case Self.alu32MovK: return "mov32 \(dst), \(immediate)"
            case Self.alu32MovX: return "mov32 \(dst), r\(source.rawValue)"
            case Self.jmpJneK: return "jne \(dst), \(immediate), +\(offset)"
            case Self.jmpJeqK: return "jeq \(dst), \(immediate), +\(offset)"
            case Self.jmpExit: return "exit"
            default: return "op \(code)"
            }
        }
    }

    /// The program as the bytes `bpf(BPF_PROG_LOAD)` takes.
    public static func bytes(of program: [Instruction]) -> [UInt8] {
        program.flatMap(\.bytes)
    }
}
