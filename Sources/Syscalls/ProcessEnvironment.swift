#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The process environment as a dictionary, for code that takes its
/// settings (`SWCTL_ROOT`, `SWCTL_DEFINITIONS_PATH`, …) as a parameter.
public enum ProcessEnvironment {
    public static func current() -> [String: String] {
        var result: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let assignment = String(cString: entry)
            if let equals = assignment.firstIndex(of: "=") {
                result[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
            }
            cursor += 1
        }
        return result
    }
}
