/// A file in systemd's unit-file syntax: sections of `Key=value` entries,
/// each with the line it came from. Repeated sections and keys are kept in
/// file order; what a repetition means is up to the reader of a key (see
/// `lastEntry(_:in:)` and `listEntries(_:in:)`).
public struct UnitFile: Sendable, Equatable {
    /// One `Key=value` assignment; `value` is stripped of surrounding
    /// whitespace and continuation lines are joined (the `\` becomes a space).
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: String
        /// The line the assignment starts on.
        public var line: Int
        /// The drop-in the assignment came from; nil for the main file.
        public var file: String?
        public init(key: String, value: String, line: Int, file: String? = nil) {
            self.key = key
            self.value = value
            self.line = line
            self.file = file
        }
    }

    /// `[Name]` and the entries up to the next header.
    public struct Section: Sendable, Equatable {
        public var name: String
        /// The line of the `[Name]` header.
        public var line: Int
        public var entries: [Entry]
        /// The drop-in the section came from; nil for the main file.
        public var file: String?
        public init(name: String, line: Int, entries: [Entry] = [], file: String? = nil) {
            self.name = name
            self.line = line
            self.entries = entries
            self.file = file
        }
    }

    public var sections: [Section]

    public init(sections: [Section] = []) {
        self.sections = sections
    }

    /// The distinct section names in order of first appearance.
    public var sectionNames: [String] {
        var seen: Set<String> = []
        return sections.compactMap { seen.insert($0.name).inserted ? $0.name : nil }
    }

    /// The first `[name]` header, if any.
    public func section(_ name: String) -> Section? {
        sections.first { $0.name == name }
    }

    /// Every entry of every `[name]` section, in file order.
    public func entries(in section: String) -> [Entry] {
        sections.filter { $0.name == section }.flatMap(\.entries)
    }

    /// The last assignment of a single-valued key: a later one wins.
    public func lastEntry(_ key: String, in section: String) -> Entry? {
        entries(in: section).last { $0.key == key }
    }

    /// The assignments of a list-valued key: repeated ones accumulate and an
    /// empty one (`Key=`) drops those before it, as systemd does.
    public func listEntries(_ key: String, in section: String) -> [Entry] {
        var result: [Entry] = []
        for entry in entries(in: section) where entry.key == key {
            if entry.value.isEmpty { result.removeAll() } else { result.append(entry) }
        }
        return result
    }

    /// Adds an entry at the end of the last `[section]`, starting that
    /// section if there is none.
    public mutating func append(_ key: String, _ value: String, to section: String) {
        if let index = sections.lastIndex(where: { $0.name == section }) {
            sections[index].entries.append(Entry(key: key, value: value, line: 0))
        } else {
            sections.append(Section(name: section, line: 0, entries: [Entry(key: key, value: value, line: 0)]))
        }
    }
}
