/// Readers for systemd's value syntaxes (systemd.syntax(7),
/// systemd.unit(5) "Quoting"): booleans, sizes, words, unit names.
/// Specifiers (`%i`, `%%`) are not expanded: values keep them as written.
public enum UnitValue {
    /// systemd's booleans, case-insensitive: `1 yes y true t on` and
    /// `0 no n false f off`; nil for anything else.
    public static func boolean(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "1", "yes", "y", "true", "t", "on": true
        case "0", "no", "n", "false", "f", "off": false
        default: nil
        }
    }
}
