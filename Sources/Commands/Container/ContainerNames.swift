import ArgumentParser

/// One or more container names, validated before any bus call.
struct ContainerNames: ParsableArguments {
    @Argument(help: ArgumentHelp("The containers.", valueName: "name"))
    var names: [String]

    func validate() throws {
        guard !names.isEmpty else { throw ValidationError("name at least one container") }
        for name in names {
            if let problem = ContainerName.problem(with: name) { throw ValidationError(problem) }
        }
    }
}
