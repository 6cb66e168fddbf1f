import Syscalls

/// `swctl-generator` as a function of its arguments and environment, so
/// the executable stays an entry point and the behaviour can be tested.
public enum GeneratorCommand {
    /// Runs the generator: diagnostics go to `standardError` as
    /// `FILE:LINE: message` lines, a dry run's listing to `standardOutput`.
    /// Returns the exit status: 0 whatever the definitions say, 1 when the
    /// output directory cannot be written, 2 for wrong arguments.
    public static func run(
        arguments: [String], searchPathVariable: String?,
        standardOutput: (String) -> Void = { try? FileSystem.writeAll($0, toDescriptor: 1) },
        standardError: (String) -> Void = { try? FileSystem.writeAll($0, toDescriptor: 2) }
    ) -> Int32 {
        switch GeneratorInvocation.parse(Array(arguments.dropFirst())) {
        case nil:
            standardError("swctl-generator: wrong arguments\n\(GeneratorInvocation.usage)\n")
            return 2
        case .help:
            standardOutput(GeneratorInvocation.usage + "\n")
            return 0
        case .generate(let outputDir, let dryRun):
            do {
                let report = try runGenerator(
                    searchPath: DefinitionStore.searchPath(fromVariable: searchPathVariable), outputDir: outputDir,
                    templatePath: generatorTemplatePath(executablePath: arguments.first ?? ""), dryRun: dryRun)
                let lines = report.diagnostics.map { "\($0)\n" }.joined()
                if !lines.isEmpty { standardError(lines) }
                if dryRun { standardOutput(report.listing) }
                return 0
            } catch {
                standardError("swctl-generator: \(error)\n")
                return 1
            }
        }
    }
}
