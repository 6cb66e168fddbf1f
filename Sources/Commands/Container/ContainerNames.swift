import ArgumentParser

/// One or more container names, validated before any bus call.
struct ContainerNames: ParsableArguments {
    @Argument(help: ArgumentHelp("The containers.", valueName: "name"), completion: ContainerName.completion)
    var names: [String]

    func validate() throws {
        guard !names.isEmpty else { throw ValidationError("name at least one container") }
        for name in names {
            if let problem = ContainerName.problem(with: name) { throw ValidationError(problem) }
        }
    }
}

extension ContainerNames {
    /// Runs `body` for each name, as docker does for several containers:
    /// prints each name that succeeded, reports each failure on its own line,
    /// goes on with the rest, and ends with the first failure's exit status.
    static func each(_ names: [String], _ body: (String) throws(CommandFailure) -> Void) throws {
        let out = OutputStream.standardOutput()
        let err = OutputStream.standardError()
        var firstFailure: SwctlExitCode?
        for name in names {
            do {
                try body(name)
                out.line(name)
            } catch {
                err.line("swctl: \(error.message)")
                err.flush()
                if firstFailure == nil { firstFailure = error.exitCode }
            }
        }
        out.flush()
        if let firstFailure { throw CommandFailure.alreadyReported(firstFailure) }
    }
}
