#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The names in the directory open at `fd`, but `.` and `..`; read through
/// a duplicate, so `fd` stays open (and its offset of no concern) for the
/// `*at` calls that walk the tree.
public func directoryNames(of fd: Int32) -> Result<[String], Errno> {
    let duplicate = dup(fd)
    guard duplicate >= 0 else { return .failure(.current) }
    guard let directory = fdopendir(duplicate) else {
        let error = Errno.current
        _ = close(duplicate)
        return .failure(error)
    }
    defer { _ = closedir(directory) }
    // Rewind: a duplicate shares the offset of an fd read before.
    rewinddir(directory)
    var names: [String] = []
    while true {
        errno = 0
        guard let entry = readdir(directory) else {
            return errno == 0 ? .success(names) : .failure(.current)
        }
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
}
