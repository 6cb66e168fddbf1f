/// Parses an `EnvironmentFile=` as `docker run --env-file` does: one
/// `KEY=VALUE` per line, taken literally (no quote processing); blank lines
/// and lines starting with `#` are skipped; a bare `KEY` takes the value from
/// `hostEnvironment` and is skipped when the host has none.
public func parseEnvironmentFile(
    _ text: String, hostEnvironment: [String: String] = [:]
) -> [(name: String, value: String)] {
    var result: [(name: String, value: String)] = []
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: true) {
        let line = rawLine.drop { $0 == " " || $0 == "\t" }
        if line.isEmpty || line.hasPrefix("#") { continue }
        if let equals = line.firstIndex(of: "=") {
            let name = String(line[..<equals])
            var value = line[line.index(after: equals)...]
            if value.hasSuffix("\r") { value = value.dropLast() }
            result.append((name, String(value)))
        } else {
            let name = String(line).trimmingTrailingWhitespace()
            if let value = hostEnvironment[name] { result.append((name, value)) }
        }
    }
    return result
}

/// Merges `KEY=VALUE` assignments in order: a later assignment of a name
/// replaces the earlier one in place, as Docker and the OCI process env do.
public func mergeEnvironment(_ layers: [[(name: String, value: String)]]) -> [String] {
    var order: [String] = []
    var values: [String: String] = [:]
    for layer in layers {
        for (name, value) in layer {
            if values.updateValue(value, forKey: name) == nil { order.append(name) }
        }
    }
    return order.compactMap { name in values[name].map { "\(name)=\($0)" } }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var copy = self
        while let last = copy.last, last == " " || last == "\t" || last == "\r" { copy.removeLast() }
        return copy
    }
}
