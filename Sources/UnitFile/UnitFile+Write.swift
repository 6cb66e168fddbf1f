extension UnitFile {
    /// The file as text: optional `# ` comment lines first, then each
    /// section as `[Name]` and its `Key=value` lines, sections separated by a
    /// blank line. Parsing the result gives back the same sections and
    /// entries (line numbers aside).
    ///
    /// Values are written as they are: the parser never produces one with
    /// blanks at either end, a line break, or an odd number of trailing
    /// backslashes, and such values could not be read back unchanged.
    public func write(comments: [String] = []) -> String {
        var text = ""
        for comment in comments {
            text += comment.isEmpty ? "#\n" : "# \(comment)\n"
        }
        for (index, section) in sections.enumerated() {
            if index > 0 || !comments.isEmpty { text += "\n" }
            text += "[\(section.name)]\n"
            for entry in section.entries {
                text += "\(entry.key)=\(entry.value)\n"
            }
        }
        return text
    }
}
