import Definitions
import Syscalls

/// The host ID ranges `UserNS=auto` hands out: from a pool of swctl's own,
/// 65536-aligned, one range per container name, recorded in
/// `PERSISTENT_ROOT/userns/ranges` under a lock, so two containers never
/// share IDs and a container keeps its range across restarts.
public struct UserNamespaceAllocator: Sendable {
    public var directory: String
    /// The ranges' layer copies, removed with a range.
    public var copies: LayerCopies

    public init(paths: StatePaths) {
        self.directory = paths.persistentRoot + "/userns"
        self.copies = LayerCopies(paths: paths)
    }

    public var tablePath: String { directory + "/ranges" }

    /// The range of `name` (host IDs; the container's start at 0): the
    /// recorded one when it has `size` IDs, else a new one in the first gap.
    public func range(for name: String, size: UInt32) throws(LifecycleError) -> IDRange {
        do {
            try FileSystem.makeDirectories(directory, permissions: 0o700)
            let lock = try FileLock.exclusive(directory + "/lock")
            defer { lock.unlock() }
            let text = FileSystem.exists(tablePath) ? try FileSystem.readTextFile(tablePath) : ""
            var table = IDRangeTable(parsing: text)
            guard let start = table.allocate(name: name, size: size) else {
                throw LifecycleError(
                    "\(name): UserNS=auto: no free range of \(size) IDs left in \(IDRangeTable.poolStart)-\(IDRangeTable.poolEnd - 1) (see \(tablePath))"
                )
            }
            if table.text != text {
                try FileSystem.writeFileAtomically(tablePath, contents: Array(table.text.utf8), permissions: 0o644)
            }
            return IDRange(containerID: 0, hostID: start, size: size)
        } catch let error as LifecycleError {
            throw error
        } catch {
            throw LifecycleError("\(name): UserNS=auto: allocate host IDs in \(tablePath): \(error)")
        }
    }
}

extension UserNamespaceAllocator {
    /// The recorded ranges, in the table's order.
    public func entries() throws(LifecycleError) -> [IDRangeTable.Entry] {
        guard FileSystem.exists(tablePath) else { return [] }
        do {
            return IDRangeTable(parsing: try FileSystem.readTextFile(tablePath)).entries
        } catch {
            throw LifecycleError("read the user namespace ranges \(tablePath): \(error)")
        }
    }

    /// Frees the ranges of `names` (a container that was removed, or whose
    /// definition is gone) and removes their layer copies; returns the
    /// freed entries. A name without a range is no error.
    @discardableResult
    public func release(_ names: [String]) throws(LifecycleError) -> [IDRangeTable.Entry] {
        guard FileSystem.exists(tablePath) else { return [] }
        var freed: [IDRangeTable.Entry] = []
        do {
            let lock = try FileLock.exclusive(directory + "/lock")
            defer { lock.unlock() }
            let text = try FileSystem.readTextFile(tablePath)
            var table = IDRangeTable(parsing: text)
            freed = table.remove(names: Set(names))
            if table.text != text {
                try FileSystem.writeFileAtomically(tablePath, contents: Array(table.text.utf8), permissions: 0o644)
            }
        } catch {
            throw LifecycleError(
                "free the user namespace range of \(names.joined(separator: ", ")) in \(tablePath): \(error)")
        }
        for entry in freed { try copies.removeRange(hostStart: entry.start, size: entry.size) }
        return freed
    }
}

/// The allocation table's text, one `NAME START SIZE` line per container,
/// and the first-fit allocation over it. Pure, so it is tested without root.
public struct IDRangeTable: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var start: UInt32
        public var size: UInt32

        public init(name: String, start: UInt32, size: UInt32) {
            self.name = name
            self.start = start
            self.size = size
        }
    }

    /// The pool: 0x70000000 up to 0x7FFDFFFF, which systemd leaves unused
    /// (UIDS-GIDS.md): above the container ranges systemd-nspawn picks
    /// (up to 0x6FFFFFFF), below its foreign range (0x7FFE0000) and below
    /// 2^31, which tools such as ps(1) print as negative numbers.
    /// /etc/subuid ranges are by convention far lower (100000…).
    public static let poolStart: UInt64 = 0x7000_0000
    public static let poolEnd: UInt64 = 0x7FFE_0000
    /// Ranges start on and take whole blocks.
    public static let block: UInt64 = 65536

    public private(set) var entries: [Entry]

    /// Lines that are not `NAME START SIZE` inside the pool are dropped
    /// (a hand-edited table cannot make two containers share IDs).
    public init(parsing text: String) {
        entries = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, let start = UInt32(fields[1]), let size = UInt32(fields[2]), size > 0,
                UInt64(start) >= Self.poolStart, UInt64(start) + UInt64(size) <= Self.poolEnd
            else { continue }
            let entry = Entry(name: String(fields[0]), start: start, size: size)
            guard !entries.contains(where: { $0.name == entry.name || Self.overlap($0, entry) }) else { continue }
            entries.append(entry)
        }
    }

    public var text: String {
        "# NAME START SIZE: host IDs of UserNS=auto containers (swctl prepare)\n"
            + entries.map { "\($0.name) \($0.start) \($0.size)\n" }.joined()
    }

    /// The start of `name`'s range of `size` IDs; nil when the pool is full.
    public mutating func allocate(name: String, size: UInt32) -> UInt32? {
        if let existing = entries.first(where: { $0.name == name }) {
            if existing.size == size { return existing.start }
            entries.removeAll { $0.name == name }
        }
        var candidate = Self.poolStart
        for entry in entries.sorted(by: { $0.start < $1.start }) {
            if candidate + UInt64(size) <= UInt64(entry.start) { break }
            candidate = max(candidate, Self.roundUp(UInt64(entry.start) + UInt64(entry.size)))
        }
        guard candidate + UInt64(size) <= Self.poolEnd, let start = UInt32(exactly: candidate) else { return nil }
        entries.append(Entry(name: name, start: start, size: size))
        return start
    }

    /// Drops the entries of `names`; returns them.
    public mutating func remove(names: Set<String>) -> [Entry] {
        let removed = entries.filter { names.contains($0.name) }
        entries.removeAll { names.contains($0.name) }
        return removed
    }

    static func roundUp(_ value: UInt64) -> UInt64 { (value + block - 1) / block * block }

    static func overlap(_ a: Entry, _ b: Entry) -> Bool {
        UInt64(a.start) < UInt64(b.start) + UInt64(b.size) && UInt64(b.start) < UInt64(a.start) + UInt64(a.size)
    }
}
