import ArgumentParser
import Engine
import Syscalls
import UnitFile

/// `swctl generate`: runs the generator by hand, into a directory or as a
/// dry run that prints what it would write.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Show or write the systemd units the generator makes from the definitions.",
        discussion: """
            systemd runs swctl-generator at boot and on `systemctl daemon-reload`; this runs the \
            same code by hand. With --dry-run it prints every file it would write (drop-ins and \
            [Install] links); with --output it writes them there. Problems are reported as \
            FILE:LINE: message and the definition is skipped, as the generator does.

            Examples:
              swctl generate --dry-run
              swctl generate --output /tmp/units
            """)

    @Flag(help: "Print what would be written instead of writing it.")
    var dryRun = false

    @Option(help: "The directory to write into (systemd's normal generator dir).")
    var output: String = "/run/systemd/generator"

    func run() throws {
        let environment = ProcessEnvironment.current()
        let searchPath = DefinitionStore.searchPath(fromVariable: environment[DefinitionStore.searchPathVariable])
        let executable = ChildProcess.ownDirectory().map { $0 + "/swctl" } ?? "/usr/bin/swctl"
        let report: GeneratorReport
        do {
            report = try runGenerator(
                searchPath: searchPath, outputDir: output,
                templatePath: templatePath(forCLIAt: executable), dryRun: dryRun)
        } catch {
            throw CommandFailure(.failure, "generate: \(error)")
        }
        let errors = OutputStream.standardError()
        for diagnostic in report.diagnostics { errors.line(diagnostic.description) }
        errors.flush()
        let out = OutputStream.standardOutput()
        out.line(
            dryRun
                ? report.listing
                : "wrote \(report.files.count) files for \(report.containers.count) containers into \(output)")
        out.flush()
    }

    /// The template next to this installation: `PREFIX/bin/swctl` →
    /// `PREFIX/lib/systemd/system/ctr@.service`.
    private func templatePath(forCLIAt executable: String) -> String {
        let bin = FileSystem.parentDirectory(of: executable)
        guard bin.hasSuffix("/bin") else { return "/usr/lib/systemd/system/ctr@.service" }
        return String(bin.dropLast("/bin".count)) + "/lib/systemd/system/ctr@.service"
    }
}
