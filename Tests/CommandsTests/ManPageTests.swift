import ArgumentParser
import Definitions
import Syscalls
import Testing

@testable import Commands

/// The man pages are written by hand; these keep them complete: every
/// command `swctl --help` lists has a section in swctl(8), every key a
/// definition accepts an entry in swctl.container(5).
@Suite struct ManPageTests {
    static let manDirectory = FileSystem.parentDirectory(of: #filePath) + "/../../packaging/man"

    /// `image pull`, `ps`, …: every command and subcommand, as typed.
    static func commandNames() -> [String] {
        var commands: [any ParsableCommand.Type] = Swctl.configuration.subcommands
        for group in Swctl.configuration.groupedSubcommands { commands += group.subcommands }
        var names: [String] = []
        for command in commands {
            let configuration = command.configuration
            let name = configuration.commandName ?? ""
            if configuration.subcommands.isEmpty {
                names.append(name)
            }
            for child in configuration.subcommands {
                names.append(name + " " + (child.configuration.commandName ?? ""))
            }
        }
        var seen: Set<String> = []  // grouped commands may be listed twice
        return names.filter { seen.insert($0).inserted }
    }

    /// The names a `.SS "a X, b Y"` title documents: each comma-separated part's command words.
    static func documentedCommands() throws -> [String] {
        let page = try FileSystem.readTextFile(manDirectory + "/swctl.8").replacingOccurrences("\\-", "-")
        return page.split(separator: "\n").filter { $0.hasPrefix(".SS \"") }.flatMap { line in
            line.dropFirst(5).dropLast().split(separator: ",").map { part in
                part.split(separator: " ").prefix { word in
                    word.first.map { $0.isLowercase } == true && !word.contains(".")
                }.joined(separator: " ")
            }
        }
    }

    @Test func everyCommandHasASectionInSwctl8() throws {
        let documented = try Self.documentedCommands()
        let missing = Self.commandNames().filter { name in
            !documented.contains { $0 == name || $0.hasPrefix(name + " ") }
        }
        #expect(missing == [], "add a .SS section to packaging/man/swctl.8 for each")
    }

    @Test func everyKeyHasAnEntryInSwctlContainer5() throws {
        let page = try FileSystem.readTextFile(Self.manDirectory + "/swctl.container.5")
        let missing = ContainerKeys.all.map(\.name).filter { key in
            !page.split(separator: "\n").contains { line in
                (line.hasPrefix(".B") || line.hasPrefix(".TP")) && line.contains(" \(key)=")
            }
        }
        #expect(missing == [], "add a .TP entry to packaging/man/swctl.container.5 for each")
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
