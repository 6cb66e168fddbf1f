import JSON
import Syscalls

extension NameIndex {
    /// Reads the index at `path`; an absent file is an empty index.
    public static func load(_ path: String) throws(ImageStoreError) -> NameIndex {
        guard FileSystem.exists(path) else { return NameIndex() }
        do {
            return try JSONDecoder().decode(NameIndex.self, from: try FileSystem.readFile(path))
        } catch {
            throw ImageStoreError("read image index \(path): \(error)")
        }
    }

    /// Applies `change` to the index at `path` under an exclusive `flock` on
    /// `path.lock`, then writes it back by rename, so concurrent `swctl image`
    /// commands neither lose each other's names nor expose half a file.
    @discardableResult
    public static func update<R>(
        _ path: String, _ change: (inout NameIndex) throws(ImageStoreError) -> R
    ) throws(ImageStoreError) -> R {
        let lock: FileLock
        do {
            try FileSystem.makeDirectories(FileSystem.parentDirectory(of: path))
            lock = try FileLock.exclusive(path + ".lock")
        } catch {
            throw ImageStoreError("lock image index \(path): \(error)")
        }
        defer { lock.unlock() }
        var index = try load(path)
        let result = try change(&index)
        do {
            try FileSystem.writeFileAtomically(path, contents: try JSONEncoder().encode(index), permissions: 0o644)
        } catch {
            throw ImageStoreError("write image index \(path): \(error)")
        }
        return result
    }
}
