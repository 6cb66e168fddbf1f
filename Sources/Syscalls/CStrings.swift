#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// C strings and NULL-terminated string vectors built before `clone`, so the
/// child between clone and exec only reads prepared memory and allocates
/// nothing. The memory lives as long as the arena; the child's copy dies at
/// exec.
public final class CStringArena {
    private var allocations: [UnsafeMutableRawPointer] = []

    public init() {}

    deinit {
        for pointer in allocations { free(pointer) }
    }

    /// A NUL-terminated copy of `string`.
    public func string(_ string: String) -> UnsafePointer<CChar> {
        guard let copy = strdup(string) else { fatalError("out of memory copying a string") }
        allocations.append(UnsafeMutableRawPointer(copy))
        return UnsafePointer(copy)
    }

    /// A NULL-terminated vector of copies of `strings` (argv, envp).
    public func vector(_ strings: [String]) -> UnsafePointer<UnsafeMutablePointer<CChar>?> {
        let vector = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() {
            vector[index] = UnsafeMutablePointer(mutating: self.string(string))
        }
        vector[strings.count] = nil
        allocations.append(UnsafeMutableRawPointer(vector))
        return UnsafePointer(vector)
    }
}
