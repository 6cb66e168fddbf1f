import ArgumentParser
import Engine
import ImageSpec
import ImageStore
import Syscalls

/// `swctl image prune [-a] [-f]`.
struct ImagePrune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove unused blobs and layers (with -a, also images no definition uses).",
        discussion: """
            Without -a removes what no named image needs: blobs and unpacked layers of images \
            whose names were removed or moved to a newer image, and layers a crash left half \
            unpacked. With -a it first removes the names of images that no container \
            definition's Image= uses. An image a definition uses is never removed, nor a layer \
            a running container has mounted. Prints what it removed and the space reclaimed.

            The store is locked while it runs: a load, import, pull or container start waits.

            Examples:
              swctl image prune
              swctl image prune -a -f
            """)

    @Flag(name: .shortAndLong, help: "Also remove images no container definition uses.")
    var all = false

    @Flag(name: .shortAndLong, help: "Do not ask for confirmation.")
    var force = false

    func run() throws {
        let out = OutputStream.standardOutput()
        if !force {
            out.write(
                all
                    ? "WARNING! This will remove all images not used by a container definition.\n"
                    : "WARNING! This will remove all blobs and layers no named image uses.\n")
            out.write("Are you sure you want to continue? [y/N] ")
            out.flush()
            let answer = (readLine() ?? "").lowercased()
            guard answer == "y" || answer == "yes" else {
                throw CommandFailure(.failure, "image prune: not confirmed (use -f to prune without asking)")
            }
        }
        let users = DefinitionStore.fromEnvironment(ProcessEnvironment.current()).imageUsers()
        let report: PruneReport
        do {
            report = try currentImageStore().prune(PruneOptions(all: all, inUse: users.map(\.reference)))
        } catch {
            throw imageFailure(error)
        }
        for name in report.untagged { out.line("Untagged: \(familiar(name))") }
        for digest in report.deletedBlobs { out.line("Deleted blob: \(digest)") }
        for diffID in report.deletedLayers { out.line("Deleted layer: \(diffID)") }
        // Layer copies made for user namespaces go with their layers.
        let copies = LayerCopies(paths: StatePaths.fromEnvironment(ProcessEnvironment.current()))
        do { try copies.removeCopiesOfRemovedLayers() } catch {
            throw CommandFailure(.failure, "image prune: \(error)")
        }
        out.line("Total reclaimed space: \(Quantities.bytes(UInt64(max(0, report.reclaimedBytes))))")
        out.flush()
    }

    /// `web:1` rather than `docker.io/library/web:1`, as docker prints it.
    private func familiar(_ name: String) -> String {
        (try? ImageReference(parsing: name))?.familiarDescription ?? name
    }
}
