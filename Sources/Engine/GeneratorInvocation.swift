/// The command line of `swctl-generator`, as systemd.generator(7) calls it
/// (`NORMAL-DIR [EARLY-DIR LATE-DIR]`; only NORMAL-DIR is written), plus
/// `--dry-run [NORMAL-DIR]` to print what would be written.
public enum GeneratorInvocation: Sendable, Equatable {
    case generate(outputDir: String, dryRun: Bool)
    case help

    /// Where a dry run says it would write when no directory is given.
    public static let defaultOutputDir = "/run/systemd/generator"

    public static let usage = """
        usage: swctl-generator NORMAL-DIR [EARLY-DIR LATE-DIR]
               swctl-generator --dry-run [NORMAL-DIR]
        Turns the container definitions (NAME.container) into ctr@NAME.service drop-ins and links under NORMAL-DIR.
        """

    /// Parses the arguments after the program name; nil for a usage error.
    public static func parse(_ arguments: [String]) -> GeneratorInvocation? {
        if arguments.contains("--help") || arguments.contains("-h") { return .help }
        let dryRun = arguments.contains("--dry-run")
        let directories = arguments.filter { $0 != "--dry-run" }
        if directories.contains(where: { $0.hasPrefix("-") || $0.isEmpty }) { return nil }
        switch (dryRun, directories.count) {
        case (true, 0): return .generate(outputDir: defaultOutputDir, dryRun: true)
        case (_, 1), (_, 3): return .generate(outputDir: directories[0], dryRun: dryRun)
        default: return nil
        }
    }
}
