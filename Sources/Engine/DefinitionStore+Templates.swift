import Definitions
import Syscalls
import UnitFile

/// Template definitions on disk (`foo@.container`) and their instances: a
/// file `foo@bar.container` (a link to the template, an empty file, or a
/// file read as the template's first drop-in) or the template's
/// `DefaultInstance=bar`. A template alone runs nothing; each instance is a
/// container `foo@bar` read from the template's text with `%i` as `bar`.
extension DefinitionStore {
    /// Moves the templates out of `listing.definitions` and adds the
    /// default instances that have no file of their own.
    func resolveTemplates(in listing: inout DefinitionListing) {
        listing.templates = listing.definitions.filter { ContainerDefinition.isTemplateName($0.name) }
        listing.definitions.removeAll { ContainerDefinition.isTemplateName($0.name) }
        let declared = Set((listing.definitions + listing.masked).map(\.name))
        for template in listing.templates {
            guard let entry = Self.defaultInstanceEntry(of: template.path) else { continue }
            let name = template.name + entry.value
            guard ContainerDefinition.isValidName(name) else {
                listing.diagnostics.append(
                    .error(
                        "DefaultInstance: '\(entry.value)' is not a valid instance name (\(ContainerDefinition.nameRule))",
                        file: template.path, line: entry.line))
                continue
            }
            if !declared.contains(name) {
                listing.definitions.append(DefinitionLocation(name: name, path: template.path))
            }
        }
        listing.definitions.sort { ($0.name, $0.path) < ($1.name, $1.path) }
    }

    /// The template file of `template` (`foo@`): the earliest on the
    /// search path, nil when there is none or it is masked.
    public func templatePath(_ template: String) -> String? {
        for directory in searchPath {
            let base = directory.hasSuffix("/") ? directory : directory + "/"
            let path = base + template + ContainerDefinition.fileSuffix
            guard FileSystem.exists(path) else { continue }
            return (try? FileSystem.readLink(path)) == "/dev/null" ? nil : path
        }
        return nil
    }

    /// The template that declares `name` as its `DefaultInstance=`: the
    /// file that defines an instance with no file of its own.
    func defaultInstanceTemplate(of name: String) -> String? {
        guard let template = ContainerDefinition.templateName(ofInstance: name), let path = templatePath(template),
            let entry = Self.defaultInstanceEntry(of: path), template + entry.value == name
        else { return nil }
        return path
    }

    /// The last `DefaultInstance=` of a template's `[Install]`.
    static func defaultInstanceEntry(of path: String) -> UnitFile.Entry? {
        guard let text = try? FileSystem.readTextFile(path) else { return nil }
        guard let entry = UnitFile.parse(text, file: path).unitFile.lastEntry("DefaultInstance", in: "Install"),
            !entry.value.isEmpty
        else { return nil }
        return entry
    }

    /// Reads an instance: the template's text, then the instance file's
    /// own lines when it is a regular file that says something, then the
    /// drop-ins; `%i`/`%I` become the instance and `%p`/`%P` the prefix
    /// everywhere. Nil when `location` is no instance of an existing
    /// template (it is then read as a plain definition).
    func loadInstance(_ location: DefinitionLocation) -> DefinitionParseResult? {
        guard let template = ContainerDefinition.templateName(ofInstance: location.name),
            let parts = ContainerDefinition.templateParts(of: location.name), let path = templatePath(template)
        else { return nil }
        let resolve = { (text: String) in
            TemplateSpecifiers.resolve(text, prefix: parts.prefix, instance: parts.instance)
        }
        let text: String
        do {
            text = try FileSystem.readTextFile(path)
        } catch {
            return DefinitionParseResult(
                path: path, name: location.name, definition: nil,
                diagnostics: [.error("cannot read the template: \(error.errno)", file: path, line: 1)])
        }
        var texts: [(path: String, text: String)] = []
        var unreadable: [Diagnostic] = []
        var paths = dropIns(for: location.name)
        if location.path != path, (try? FileSystem.status(location.path, followSymlinks: false))?.kind == .regular {
            paths.insert(location.path, at: 0)
        }
        for dropIn in paths {
            do {
                let content = try FileSystem.readTextFile(dropIn)
                if !content.allSatisfy(\.isWhitespace) { texts.append((dropIn, resolve(content))) }
            } catch {
                unreadable.append(.error("cannot read the drop-in: \(error.errno)", file: dropIn, line: 1))
            }
        }
        var result = ContainerDefinition.parse(text: resolve(text), path: path, dropIns: texts, name: location.name)
        if !unreadable.isEmpty {
            result.diagnostics += unreadable
            result.definition = nil
        }
        return result
    }
}
