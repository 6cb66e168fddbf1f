import ArgumentParser
import Engine

/// `swctl userns prune`.
struct UserNamespacePrune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Free the ID ranges of containers whose definitions are gone.",
        discussion: """
            Frees the range (and its layer copies) of every container that has no \
            definition any more and is not running; prints their names.

            Example:
              swctl userns prune
            """)

    func run() throws {
        let allocator = currentAllocator()
        let context = SystemContext.live()
        let entries: [IDRangeTable.Entry]
        do { entries = try allocator.entries() } catch {
            throw CommandFailure(.failure, "userns prune: \(error)")
        }
        var gone: [String] = []
        for entry in entries {
            let definition: DefinitionSummary?
            do { definition = try context.catalog.definition(named: entry.name) } catch {
                throw CommandFailure(.failure, "userns prune: read the definition of \(entry.name): \(error)")
            }
            if definition == nil { gone.append(entry.name) }
        }
        if !gone.isEmpty {
            let running = try runningContainerNames(context, action: "userns prune")
            gone.removeAll { running.contains($0) }
        }
        let freed: [IDRangeTable.Entry]
        do { freed = try allocator.release(gone) } catch {
            throw CommandFailure(.failure, "userns prune: \(error)")
        }
        let out = OutputStream.standardOutput()
        for entry in freed {
            out.line("Freed: \(entry.name) \(entry.start)-\(UInt64(entry.start) + UInt64(entry.size) - 1)")
        }
        out.flush()
    }
}
