extension UnitFile {
    /// This file with a drop-in's sections after its own, as systemd reads
    /// `NAME.d/*.conf`: each assignment is as if appended to the file, so a
    /// single-valued key in the drop-in wins and an empty assignment resets
    /// a list. Sections and entries remember `file` for diagnostics.
    public func appending(dropIn: UnitFile, from file: String) -> UnitFile {
        var merged = self
        for var section in dropIn.sections {
            section.file = file
            section.entries = section.entries.map { entry in
                var entry = entry
                entry.file = file
                return entry
            }
            merged.sections.append(section)
        }
        return merged
    }
}
