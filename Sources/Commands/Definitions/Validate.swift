import ArgumentParser
import Engine
import Syscalls
import UnitFile

/// `swctl validate [FILE...]`: the generator's own checks, run on demand.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check container definitions and report every problem as FILE:LINE: message.",
        discussion: """
            Uses the same parser and checks as the generator. Without files, checks every \
            definition (NAME.container, templates NAME@.container and their instances), \
            network, volume and image file (NAME.network, NAME.volume, NAME.image) on the \
            search path (/etc/swctl/containers, /run/swctl/containers, \
            /usr/lib/swctl/containers, or $SWCTL_DEFINITIONS_PATH), and the references \
            between them: a Network=NAME, Volume=NAME.volume:/path or Image=NAME.image with \
            no such file, a Network=container:NAME with no such definition are errors; a \
            [Unit] dependency on a file that does not exist is a warning. A directory is \
            checked as a search path of its own. Exits with 7 when any file has an error; \
            warnings alone do not fail.

            Examples:
              swctl validate
              swctl validate ./quadlets
              swctl validate /etc/swctl/containers/web.container
              swctl validate /etc/swctl/containers/front.network
            """)

    @Argument(help: "Definition files or directories to check (default: all on the search path).")
    var files: [String] = []

    @Flag(name: .shortAndLong, help: "Print nothing when there are no problems.")
    var quiet = false

    func run() throws {
        let environment = ProcessEnvironment.current()
        let searchPath = DefinitionStore.searchPath(fromVariable: environment[DefinitionStore.searchPathVariable])
        let diagnostics = Engine.validate(paths: files, searchPath: searchPath)
        let stream = OutputStream.standardError()
        for diagnostic in diagnostics { stream.line(diagnostic.description) }
        stream.flush()
        if diagnostics.containsErrors {
            let errors = diagnostics.filter { $0.severity == .error }.count
            throw CommandFailure(.invalidDefinition, "\(errors) error\(errors == 1 ? "" : "s") in definitions")
        }
        if !quiet {
            let out = OutputStream.standardOutput()
            out.line(files.isEmpty ? "all definitions are valid" : "valid")
            out.flush()
        }
    }
}
