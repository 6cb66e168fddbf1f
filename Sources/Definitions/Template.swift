/// Template definitions, as systemd has template units: `foo@.container` is
/// a template, `foo@bar.container` (a link to it, an empty file, or a file
/// of its own that is read as a drop-in of the template) is its instance
/// `bar`, and `DefaultInstance=bar` in the template's `[Install]` declares
/// that instance without a file.
///
/// The instance's container name is `foo@bar` and its unit
/// `ctr@foo@bar.service`: systemd takes everything after the first `@` as
/// the instance, `@` included, so the template `ctr@.service` runs it with
/// `%i` = `foo@bar`. A machine name and a host name cannot hold an `@`:
/// there the container is `foo-bar` (`machineName`).
extension ContainerDefinition {
    /// `foo@bar` → (`foo`, `bar`); `foo@` → (`foo`, ``); nil for a name
    /// without `@`.
    public static func templateParts(of name: String) -> (prefix: String, instance: String)? {
        guard let at = name.firstIndex(of: "@") else { return nil }
        return (String(name[..<at]), String(name[name.index(after: at)...]))
    }

    /// Whether `name` is a template's (`foo@`, from `foo@.container`).
    public static func isTemplateName(_ name: String) -> Bool {
        guard let parts = templateParts(of: name) else { return false }
        return parts.instance.isEmpty && isValidPlainName(parts.prefix)
    }

    /// The template an instance name belongs to: `foo@bar` → `foo@`; nil
    /// for a plain name or a template itself.
    public static func templateName(ofInstance name: String) -> String? {
        guard let parts = templateParts(of: name), !parts.instance.isEmpty else { return nil }
        return parts.prefix + "@"
    }

    /// The name systemd-machined registers and the default host name:
    /// the container name with `@` as `-` (`foo@bar` → `foo-bar`), since
    /// both must be host names.
    public static func machineName(forContainer name: String) -> String {
        String(name.map { $0 == "@" ? "-" : $0 })
    }

    /// `machineName(forContainer:)` of this definition.
    public var machineName: String { Self.machineName(forContainer: name) }
}

/// The specifiers of a template's values that name the instance, resolved
/// as systemd resolves them in a template unit `foo@.service` — the unit
/// that runs is `ctr@foo@bar.service`, whose own `%i` would be `foo@bar`.
public enum TemplateSpecifiers {
    /// Replaces `%i` and `%I` with the instance (`bar`), `%p` and `%P`
    /// with the prefix (`foo`); `%%` and every other specifier stay for
    /// systemd (in `[Unit]`/`[Service]` lines) or as written.
    public static func resolve(_ text: String, prefix: String, instance: String) -> String {
        guard text.contains("%") else { return text }
        var result = ""
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            guard character == "%" else {
                result.append(character)
                continue
            }
            guard let next = iterator.next() else {
                result.append(character)
                break
            }
            switch next {
            case "i", "I": result += instance
            case "p", "P": result += prefix
            default:
                result.append(character)
                result.append(next)
            }
        }
        return result
    }
}
