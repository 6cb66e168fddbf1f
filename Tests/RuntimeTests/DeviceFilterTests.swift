import Cgroups
import OCI
import Testing

@testable import Runtime

/// The device filter compiler, instruction by instruction for a few rule
/// sets (as runc's devicefilter tests do), and by running the programs on a
/// small interpreter of the instructions it emits.
struct DeviceFilterTests {
    private typealias Rule = DeviceFilter.Rule

    private static let prologue = [
        "ldxw r2, [r1+0]", "and32 r2, 65535", "ldxw r3, [r1+0]", "rsh32 r3, 16", "ldxw r4, [r1+4]",
        "ldxw r5, [r1+8]",
    ]

    private func listing(_ rules: [Rule]) -> [String] {
        DeviceFilter.compile(rules).map(\.description)
    }

    @Test func noRulesDenyEverything() {
        #expect(listing([]) == Self.prologue + ["mov32 r0, 0", "exit"])
    }

    @Test func allowAllIsOneReturn() {
        #expect(listing([Rule(allow: true, kind: .all)]) == Self.prologue + ["mov32 r0, 1", "exit"])
    }

    @Test func allowAllExceptOneBlockDevice() {
        let rules = [Rule(allow: true, kind: .all), Rule(allow: false, kind: .block, major: 8, minor: 0)]
        #expect(
            listing(rules) == Self.prologue + [
                "jne r2, 1, +4", "jne r4, 8, +3", "jne r5, 0, +2", "mov32 r0, 0", "exit",
                "mov32 r0, 1", "exit",
            ])
    }

    /// runc's "weird" case: a later `a` rule hides the deny before it.
    @Test func allowAllHidesEarlierRules() {
        let rules = [
            Rule(allow: false, kind: .block, major: 8, minor: 1), Rule(allow: true, kind: .all),
            Rule(allow: false, kind: .block, major: 8, minor: 2),
        ]
        #expect(
            listing(rules) == Self.prologue + [
                "jne r2, 1, +4", "jne r4, 8, +3", "jne r5, 2, +2", "mov32 r0, 0", "exit",
                "mov32 r0, 1", "exit",
            ])
    }

    /// The last rule is tried first; a partial allow clears its bits and
    /// goes on, a partial deny decides only when it names a pending bit.
    @Test func partialAccessRules() {
        let rules = [
            Rule(allow: false, kind: .all),
            Rule(allow: true, kind: .char, major: 1, minor: 3),
            Rule(allow: true, kind: .char, major: 1, minor: 5, access: .read),
            Rule(allow: false, kind: .char, major: 136, access: .write),
        ]
        #expect(
            listing(rules) == Self.prologue + [
                // c 136:* w deny
                "jne r2, 2, +6", "jne r4, 136, +5", "mov32 r1, r3", "and32 r1, 4", "jeq r1, 0, +2",
                "mov32 r0, 0", "exit",
                // c 1:5 r allow
                "jne r2, 2, +6", "jne r4, 1, +5", "jne r5, 5, +4", "and32 r3, 5", "jne r3, 0, +2",
                "mov32 r0, 1", "exit",
                // c 1:3 rwm allow
                "jne r2, 2, +4", "jne r4, 1, +3", "jne r5, 3, +2", "mov32 r0, 1", "exit",
                "mov32 r0, 0", "exit",
            ])
    }

    @Test func instructionBytesAreStructBpfInsn() {
        #expect(DeviceFilter.Instruction.loadWord(.r4, from: .r1, offset: 4).bytes == [0x61, 0x14, 4, 0, 0, 0, 0, 0])
        #expect(
            DeviceFilter.Instruction.jumpIfNotEqual(.r2, 2, offset: -1).bytes == [0x55, 0x02, 0xFF, 0xFF, 2, 0, 0, 0])
        #expect(DeviceFilter.Instruction.moveRegister32(.r1, .r3).bytes == [0xBC, 0x31, 0, 0, 0, 0, 0, 0])
        #expect(DeviceFilter.Instruction.exit.bytes == [0x95, 0, 0, 0, 0, 0, 0, 0])
    }

    // MARK: - Behaviour, on an interpreter of the emitted instructions

    /// The kernel's view of one access: `BPF_DEVCG_DEV_*`, major, minor, `BPF_DEVCG_ACC_*`.
    private func allows(
        _ rules: [Rule], _ kind: Int32, _ major: UInt32, _ minor: UInt32, _ access: DeviceFilter.Access
    ) -> Bool {
        var registers = [UInt64](repeating: 0, count: 6)
        let context: [UInt32] = [UInt32(kind) | (UInt32(access.rawValue) << 16), major, minor]
        let program = DeviceFilter.compile(rules)
        var pc = 0
        while pc < program.count {
            let instruction = program[pc]
            let dst = Int(instruction.destination.rawValue)
            let immediate = UInt64(bitPattern: Int64(instruction.immediate))
            pc += 1
            switch instruction.code {
            case 0x61: registers[dst] = UInt64(context[Int(instruction.offset) / 4])
            case 0x54: registers[dst] = UInt64(UInt32(truncatingIfNeeded: registers[dst] & immediate))
            case 0x74: registers[dst] = UInt64(UInt32(truncatingIfNeeded: registers[dst]) >> instruction.immediate)
            case 0xB4: registers[dst] = UInt64(UInt32(bitPattern: instruction.immediate))
            case 0xBC: registers[dst] = UInt64(UInt32(truncatingIfNeeded: registers[Int(instruction.source.rawValue)]))
            case 0x55: if registers[dst] != immediate { pc += Int(instruction.offset) }
            case 0x15: if registers[dst] == immediate { pc += Int(instruction.offset) }
            case 0x95: return registers[0] == 1
            default: Issue.record("unexpected opcode \(instruction.code)")
            }
        }
        Issue.record("program ran off its end")
        return false
    }

    private static let char: Int32 = 2
    private static let block: Int32 = 1

    @Test func defaultRulesKeepTheDefaultDevicesUsable() throws {
        // `runc spec`'s rules: deny everything; the runtime adds the defaults.
        let rules = try DeviceFilterRules.rules([Resources.DeviceRule(allow: false, access: "rwm")])
        for (major, minor) in [(1, 3), (1, 5), (1, 7), (1, 8), (1, 9), (5, 0), (5, 2), (136, 4)] as [(UInt32, UInt32)] {
            #expect(allows(rules, Self.char, major, minor, [.read, .write]), "c \(major):\(minor)")
        }
        #expect(allows(rules, Self.char, 1, 11, .mknod))
        #expect(allows(rules, Self.block, 8, 0, .mknod))
        #expect(!allows(rules, Self.char, 1, 11, .read))
        #expect(!allows(rules, Self.block, 8, 0, .read))
        #expect(!allows(rules, Self.char, 10, 229, [.read, .write]))
    }

    @Test func lastMatchWinsPerAccessBit() {
        let rules = [
            Rule(allow: false, kind: .all),
            Rule(allow: true, kind: .char, major: 10, access: .read),
            Rule(allow: true, kind: .char, major: 10, minor: 229, access: .write),
            Rule(allow: false, kind: .char, major: 10, minor: 237, access: .read),
        ]
        // 10:229: read from the first allow, write from the second: O_RDWR works.
        #expect(allows(rules, Self.char, 10, 229, [.read, .write]))
        #expect(!allows(rules, Self.char, 10, 229, .mknod))
        // 10:237: the later deny takes read away again.
        #expect(!allows(rules, Self.char, 10, 237, .read))
        #expect(!allows(rules, Self.char, 10, 1, [.read, .write]))
        #expect(allows(rules, Self.char, 10, 1, .read))
        #expect(!allows(rules, Self.block, 10, 1, .read))
    }

    @Test func denyListKeepsEverythingElse() {
        let rules = [
            Rule(allow: true, kind: .all), Rule(allow: false, kind: .char, major: 1, minor: 5, access: .write),
        ]
        #expect(allows(rules, Self.char, 1, 5, .read))
        #expect(!allows(rules, Self.char, 1, 5, [.read, .write]))
        #expect(allows(rules, Self.block, 7, 0, [.read, .write, .mknod]))
    }

    @Test(arguments: [
        (
            Resources.DeviceRule(allow: true, type: "p", access: "rwm"),
            "linux.resources.devices[0].type: 'p' is not a, b or c"
        ),
        (
            Resources.DeviceRule(allow: true, type: "c", access: "rx"),
            "linux.resources.devices[0].access: 'rx' is not made of r, w and m"
        ),
        (
            Resources.DeviceRule(allow: true, type: "c", major: 1 << 33, access: "r"),
            "linux.resources.devices[0].major: 8589934592 is out of range"
        ),
    ])
    func badRulesAreRefused(rule: Resources.DeviceRule, message: String) {
        #expect(throws: RuntimeError.invalidSpec(message)) { try DeviceFilterRules.rules([rule]) }
    }

    @Test func missingFieldsAreWildcards() throws {
        let rules = try DeviceFilterRules.rules([Resources.DeviceRule(allow: true, major: -1)])
        #expect(rules.first == Rule(allow: true, kind: .all, major: nil, minor: nil, access: .all))
        #expect(rules.dropFirst() == DeviceFilterRules.defaults[...])
    }
}
