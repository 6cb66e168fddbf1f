import UnitFile

extension ContainerDefinition {
    /// The sections a definition may have; `X-` sections are ignored, as
    /// systemd does.
    public static let sectionNames = ["Unit", "Container", "Service", "Install"]

    /// Reads the text of a definition file. Never throws: every problem is a
    /// diagnostic, and `definition` is nil when any of them is an error.
    /// `path` gives the container name (`/etc/swctl/containers/web.container`
    /// → `web`) and names the file in diagnostics.
    public static func parse(text: String, path: String) -> DefinitionParseResult {
        parse(text: text, path: path, dropIns: [])
    }

    /// Reads a definition and its drop-ins (`(path, text)` in the order they
    /// apply): their assignments count as appended to the file, and each
    /// diagnostic names the file its line is in. `name` replaces the name
    /// the path gives (a template's instance read from `foo@.container`).
    public static func parse(
        text: String, path: String, dropIns: [(path: String, text: String)], name: String? = nil
    ) -> DefinitionParseResult {
        let parsed = UnitFile.parse(text, file: path)
        var unitFile = parsed.unitFile
        var syntax = parsed.diagnostics
        for dropIn in dropIns {
            let parsedDropIn = UnitFile.parse(dropIn.text, file: dropIn.path)
            unitFile = unitFile.appending(dropIn: parsedDropIn.unitFile, from: dropIn.path)
            syntax += parsedDropIn.diagnostics
        }
        var result = parse(unitFile: unitFile, path: path, name: name)
        result.diagnostics = sortedByFileAndLine(syntax + result.diagnostics, files: [path] + dropIns.map(\.path))
        if result.diagnostics.containsErrors { result.definition = nil }
        return result
    }

    /// Checks an already parsed unit file as a definition.
    public static func parse(unitFile: UnitFile, path: String, name: String? = nil) -> DefinitionParseResult {
        var reader = DefinitionReader(unitFile: unitFile, path: path, name: name)
        reader.checkFileName()
        reader.checkSections()
        reader.readContainerSection()
        reader.readPassthroughSections()
        reader.readInstallSection()
        reader.checkResourceOverrides()
        return reader.result()
    }

    /// Diagnostics in line order; those on the same line keep their order.
    static func sortedByLine(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }

    /// Diagnostics of the file, then of each drop-in, each in line order.
    static func sortedByFileAndLine(_ diagnostics: [Diagnostic], files: [String]) -> [Diagnostic] {
        let rank = { (file: String) in files.firstIndex(of: file) ?? files.count }
        return diagnostics.enumerated().sorted {
            (rank($0.element.file), $0.element.line, $0.offset) < (rank($1.element.file), $1.element.line, $1.offset)
        }.map(\.element)
    }
}

/// The steps of reading one definition, each adding to `diagnostics`.
private struct DefinitionReader {
    let unitFile: UnitFile
    let path: String
    let name: String?
    var definition: ContainerDefinition
    var diagnostics: [Diagnostic] = []

    init(unitFile: UnitFile, path: String, name: String?) {
        self.unitFile = unitFile
        self.path = path
        self.name = name ?? ContainerDefinition.name(fromPath: path)
        self.definition = ContainerDefinition(name: self.name ?? "", sourcePath: path, image: "")
    }

    mutating func checkFileName() {
        guard let name else {
            report(.error, "not a container definition (the file name must be NAME.container)", line: 1)
            return
        }
        if !ContainerDefinition.isValidName(name) {
            report(.error, "'\(name)' is not a valid container name (\(ContainerDefinition.nameRule))", line: 1)
        }
    }

    mutating func checkSections() {
        let known = ContainerDefinition.sectionNames
        for section in unitFile.sections where !known.contains(section.name) && !section.name.hasPrefix("X-") {
            let hint =
                Suggestion.closest(to: section.name, among: known).map { "did you mean [\($0)]?" }
                ?? "use [Unit], [Container], [Service] or [Install]"
            report(.error, "[\(section.name)]: unknown section (\(hint))", line: section.line, file: section.file)
        }
    }

    mutating func readContainerSection() {
        for entry in unitFile.entries(in: "Container") {
            guard let key = ContainerKeys.byName[entry.key] else {
                if !entry.key.hasPrefix("X-") { reportUnknownKey(entry) }
                continue
            }
            var warnings: [String] = []
            do {
                try key.apply(entry.value, to: &definition, warnings: &warnings)
            } catch {
                report(.error, "\(entry.key): \(error.message)", at: entry)
            }
            for warning in warnings { report(.warning, "\(entry.key): \(warning)", at: entry) }
        }
        // A bad Image= value has its own diagnostic; "missing" is for no value.
        let lastImage = unitFile.lastEntry("Image", in: "Container")
        if definition.image.isEmpty, lastImage?.value.isEmpty ?? true {
            if let section = unitFile.section("Container") {
                report(.error, "Image: missing in [Container] (add Image=/path/to/rootfs)", line: section.line)
            } else {
                report(.error, "Image: missing (add a [Container] section with Image=/path/to/rootfs)", line: 1)
            }
        }
    }

    private mutating func reportUnknownKey(_ entry: UnitFile.Entry) {
        let message: String
        if ContainerKeys.notYetSupported.contains(entry.key) {
            message = "\(entry.key): not supported by swctl yet (remove it; swctl.container(5) lists the keys)"
        } else if let close = Suggestion.closest(to: entry.key, among: ContainerKeys.all.map(\.name)) {
            message = "\(entry.key): unknown key in [Container] (did you mean \(close)?)"
        } else {
            message = "\(entry.key): unknown key in [Container] (swctl.container(5) lists the keys)"
        }
        report(.error, message, at: entry)
    }

    mutating func readPassthroughSections() {
        definition.unitSection = unitFile.entries(in: "Unit")
        let service = unitFile.entries(in: "Service")
        for entry in service {
            if let problem = ServiceSectionRules.problem(with: entry) { report(.error, problem, at: entry) }
        }
        definition.serviceSection = service
        if let problem = definition.serviceIdentityProblem,
            let entry = service.last(where: { ServiceIdentity.keys.contains($0.key) })
        {
            report(.error, problem, at: entry)
        }
    }

    mutating func readInstallSection() {
        var found: [Diagnostic] = []
        let file = path
        let validName = name.flatMap { ContainerDefinition.isValidName($0) ? $0 : nil }
        definition.install = InstallSection.parse(unitFile.entries(in: "Install"), containerName: validName) {
            severity, message, entry in
            found.append(Diagnostic(severity, file: entry.file ?? file, line: entry.line, message: message))
        }
        diagnostics += found
    }

    /// A limit set both by a `[Container]` key and by the systemd directive
    /// it maps to: the `[Service]` line comes later in the drop-in and wins.
    mutating func checkResourceOverrides() {
        let resources = definition.resources
        let setKeys: Set<String> = [
            resources.memoryBytes != nil ? "Memory" : nil, resources.pidsLimit != nil ? "PidsLimit" : nil,
            resources.cpus != nil ? "CPUs" : nil, resources.memorySwap != nil ? "MemorySwap" : nil,
            resources.cpuWeight != nil ? "CPUWeight" : nil, resources.ioWeight != nil ? "IOWeight" : nil,
        ].compactMap { $0 }.reduce(into: []) { $0.insert($1) }
        for entry in definition.serviceSection {
            guard let mapping = ServiceSectionRules.resourceDirectives.first(where: { $0.directive == entry.key }),
                setKeys.contains(mapping.key)
            else { continue }
            report(
                .warning,
                "\(entry.key): overrides \(mapping.key)= from [Container] (set the limit in one place)",
                at: entry)
        }
        if let problem = resources.swapProblem,
            let entry = unitFile.entries(in: "Container").last(where: { $0.key == "MemorySwap" })
        {
            report(.error, problem, at: entry)
        }
        if let problem = definition.userNamespace.problem {
            // At the key the message names, else the last user namespace key.
            let named = String(problem.prefix { $0 != ":" })
            let keys: Set<String> = ["UserNS", "UIDMap", "GIDMap", "SubUIDMap", "SubGIDMap"]
            let entries = unitFile.entries(in: "Container")
            if let entry = entries.last(where: { $0.key == named }) ?? entries.last(where: { keys.contains($0.key) }) {
                report(.error, problem, at: entry)
            }
        }
        if let problem = definition.sysctlProblem,
            let entry = unitFile.entries(in: "Container").last(where: { $0.key == "Sysctl" })
        {
            report(.error, problem, at: entry)
        }
        for finding in definition.consistencyFindings {
            let entry =
                if let directive = finding.serviceDirective {
                    definition.serviceSection.last { $0.key == directive }
                } else {
                    unitFile.entries(in: "Container").last { $0.key == finding.key }
                }
            if let entry { report(finding.isError ? .error : .warning, finding.message, at: entry) }
        }
    }

    private mutating func report(_ severity: Diagnostic.Severity, _ message: String, line: Int, file: String? = nil) {
        diagnostics.append(Diagnostic(severity, file: file ?? path, line: line, message: message))
    }

    /// A diagnostic at an assignment, in the file (or drop-in) it is in.
    private mutating func report(_ severity: Diagnostic.Severity, _ message: String, at entry: UnitFile.Entry) {
        report(severity, message, line: entry.line, file: entry.file)
    }

    func result() -> DefinitionParseResult {
        let sorted = ContainerDefinition.sortedByLine(diagnostics)
        return DefinitionParseResult(
            path: path, name: name, definition: sorted.containsErrors ? nil : definition, diagnostics: sorted)
    }
}
