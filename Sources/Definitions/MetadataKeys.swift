import UnitFile

/// `Annotation=` (the spec's annotations) and `Label=` (labels, kept as
/// annotations over the image's own labels, as podman's container labels
/// win over the image's), appended to `ContainerKeys.all`.
extension ContainerKeys {
    static let metadata: [ContainerKey] = [
        ContainerKey("Annotation", list: true, reset: { $0.annotations = [:] }) {
            definition, value, _ throws(KeyValueError) in
            for (key, text) in try keyValuePairs(value, example: "org.example.team=web") {
                definition.annotations[key] = text
            }
        },
        ContainerKey("Label", list: true, reset: { $0.labels = [:] }) {
            definition, value, _ throws(KeyValueError) in
            for (key, text) in try keyValuePairs(value, example: "com.example.tier=frontend") {
                definition.labels[key] = text
            }
        },
    ]

    /// Annotations under this prefix are swctl's own (the container's
    /// name, its confinement): a definition cannot set them.
    public static let reservedAnnotationPrefix = "org.swctl."

    /// `KEY=VALUE ...` as `Environment=` (quoting allowed); a key is any
    /// non-empty text without `=` outside swctl's own prefix.
    static func keyValuePairs(_ value: String, example: String) throws(KeyValueError) -> [(String, String)] {
        let words: [String]
        do { words = try UnitValue.words(value) } catch { throw KeyValueError(ValueParsers.describe(error, in: value)) }
        var pairs: [(String, String)] = []
        for word in words {
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                throw KeyValueError("'\(word)' is not KEY=VALUE (use e.g. \(example))")
            }
            let key = String(word[..<equals])
            guard !key.hasPrefix(reservedAnnotationPrefix) else {
                throw KeyValueError(
                    "'\(key)': keys under \(reservedAnnotationPrefix) are set by swctl itself (use another prefix, e.g. \(example))"
                )
            }
            pairs.append((key, String(word[word.index(after: equals)...])))
        }
        return pairs
    }
}
