/// The `Health*=` keys and `Notify=`, as podman's `--health-*` options and
/// Quadlet's keys of the same names, appended to `ContainerKeys.all`.
extension ContainerKeys {
    static let health: [ContainerKey] = [
        ContainerKey("HealthCmd", reset: { $0.health.command = nil }) { definition, value, _ throws(KeyValueError) in
            definition.health.command = value == "none" ? .disabled : .command(try healthCommand(value))
        },
        ContainerKey("HealthInterval", reset: { $0.health.intervalMicroseconds = nil }) {
            definition, value, _ throws(KeyValueError) in
            definition.health.intervalMicroseconds = value == "disable" ? 0 : try positiveSpan(value)
        },
        ContainerKey("HealthRetries", reset: { $0.health.retries = nil }) {
            definition, value, _ throws(KeyValueError) in
            definition.health.retries = try count(value, atLeast: 1, what: "a number of retries", example: "3")
        },
        ContainerKey("HealthTimeout", reset: { $0.health.timeoutMicroseconds = nil }) {
            definition, value, _ throws(KeyValueError) in
            definition.health.timeoutMicroseconds = try positiveSpan(value)
        },
        ContainerKey("HealthStartPeriod", reset: { $0.health.startPeriodMicroseconds = nil }) {
            definition, value, _ throws(KeyValueError) in
            definition.health.startPeriodMicroseconds = try span(value)
        },
        ContainerKey("HealthStartupCmd", reset: { $0.health.startupCommand = nil }) {
            definition, value, _ throws(KeyValueError) in
            definition.health.startupCommand = try healthCommand(value)
        },
        ContainerKey("HealthStartupInterval", reset: { $0.health.startupIntervalMicroseconds = nil }) {
            definition, value, _ throws(KeyValueError) in
            definition.health.startupIntervalMicroseconds = try positiveSpan(value)
        },
        ContainerKey("HealthStartupRetries", reset: { $0.health.startupRetries = nil }) {
            definition, value, _ throws(KeyValueError) in
            definition.health.startupRetries = try count(
                value, atLeast: 0, what: "a number of retries", example: "10, or 0 for no limit")
        },
        ContainerKey("HealthStartupSuccess", reset: { $0.health.startupSuccess = nil }) {
            definition, value, _ throws(KeyValueError) in
            definition.health.startupSuccess = try count(
                value, atLeast: 0, what: "a number of successful checks", example: "2")
        },
        ContainerKey("HealthStartupTimeout", reset: { $0.health.startupTimeoutMicroseconds = nil }) {
            definition, value, _ throws(KeyValueError) in
            definition.health.startupTimeoutMicroseconds = try positiveSpan(value)
        },
        ContainerKey("HealthOnFailure", reset: { $0.health.onFailure = .none }) {
            definition, value, _ throws(KeyValueError) in
            guard let action = HealthFailureAction(rawValue: value) else {
                throw KeyValueError("'\(value)' is not an action on failure (use none, kill, restart or stop)")
            }
            definition.health.onFailure = action
        },
        ContainerKey("HealthLogDestination", reset: { $0.health.logDestination = .local }) {
            definition, value, _ throws(KeyValueError) in
            switch value {
            case "local": definition.health.logDestination = .local
            case "events_logger": definition.health.logDestination = .eventsLogger
            default:
                guard value.hasPrefix("/") else {
                    throw KeyValueError(
                        "'\(value)' is not a log destination (use local, events_logger or an absolute directory path)")
                }
                definition.health.logDestination = .directory(value)
            }
        },
        ContainerKey("HealthMaxLogCount", reset: { $0.health.maxLogCount = nil }) {
            definition, value, _ throws(KeyValueError) in
            definition.health.maxLogCount = try count(
                value, atLeast: 0, what: "a number of results", example: "5, or 0 to keep all")
        },
        ContainerKey("HealthMaxLogSize", reset: { $0.health.maxLogSize = nil }) {
            definition, value, _ throws(KeyValueError) in
            definition.health.maxLogSize = try count(
                value, atLeast: 0, what: "a number of characters", example: "500, or 0 for no limit")
        },
        ContainerKey("Notify", reset: { $0.notify = .no }) { definition, value, _ throws(KeyValueError) in
            if value == "healthy" {
                definition.notify = .healthy
            } else if let yes = try? ValueParsers.boolean(value) {
                definition.notify = yes ? .yes : .no
            } else {
                throw KeyValueError("'\(value)' is not a notify mode (use yes, no or healthy)")
            }
        },
    ]

    /// A JSON array of strings (run as it is) or a line for `/bin/sh -c`, as
    /// podman's `--health-cmd`.
    static func healthCommand(_ value: String) throws(KeyValueError) -> HealthCommand {
        guard value.hasPrefix("[") else { return .shell(value) }
        guard let words = JSONStringArray.parse(value), !words.isEmpty else {
            throw KeyValueError(
                "'\(value)' is not a JSON array of strings (use e.g. [\"/bin/check\", \"--quick\"], or a shell command line)"
            )
        }
        // Docker's own forms are accepted too.
        if let first = words.first, first == "CMD" || first == "CMD-SHELL" {
            guard let command = HealthCommand(imageTest: words) else {
                throw KeyValueError("'\(value)' names no command after \(first)")
            }
            return command
        }
        return .exec(words)
    }

    static func span(_ value: String) throws(KeyValueError) -> UInt64 {
        guard let microseconds = HealthTimeSpan.microseconds(value) else {
            throw KeyValueError("'\(value)' is not a time span (use e.g. 30s, 1m30s or 2min)")
        }
        return microseconds
    }

    static func positiveSpan(_ value: String) throws(KeyValueError) -> UInt64 {
        let microseconds = try span(value)
        guard microseconds > 0 else { throw KeyValueError("'\(value)' is no time (use a span above 0, e.g. 30s)") }
        return microseconds
    }

    static func count(_ value: String, atLeast minimum: Int, what: String, example: String) throws(KeyValueError)
        -> Int
    {
        guard value.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let number = Int(value), number >= minimum,
            number <= 1_000_000
        else {
            throw KeyValueError("'\(value)' is not \(what) (use e.g. \(example))")
        }
        return number
    }
}

/// The one JSON form a key value takes: `["a", "b"]`, with JSON's string
/// escapes (`\"`, `\\`, `\n`, `\t`, `\/`, `\uXXXX`).
enum JSONStringArray {
    static func parse(_ text: String) -> [String]? {
        var scalars = Array(text.unicodeScalars)[...]
        func skipSpace() { while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() } }
        skipSpace()
        guard scalars.popFirst() == "[" else { return nil }
        var words: [String] = []
        skipSpace()
        if scalars.first == "]" {
            scalars.removeFirst()
            skipSpace()
            return scalars.isEmpty ? words : nil
        }
        while true {
            skipSpace()
            guard scalars.popFirst() == "\"" else { return nil }
            var word = String.UnicodeScalarView()
            while true {
                guard let scalar = scalars.popFirst() else { return nil }
                if scalar == "\"" { break }
                guard scalar == "\\" else {
                    word.append(scalar)
                    continue
                }
                switch scalars.popFirst() {
                case "\"": word.append("\"")
                case "\\": word.append("\\")
                case "/": word.append("/")
                case "n": word.append("\n")
                case "t": word.append("\t")
                case "u":
                    guard scalars.count >= 4,
                        let code = UInt32(String(String.UnicodeScalarView(scalars.prefix(4))), radix: 16),
                        let decoded = Unicode.Scalar(code)
                    else { return nil }
                    scalars.removeFirst(4)
                    word.append(decoded)
                default: return nil
                }
            }
            words.append(String(word))
            skipSpace()
            switch scalars.popFirst() {
            case ",": continue
            case "]":
                skipSpace()
                return scalars.isEmpty ? words : nil
            default: return nil
            }
        }
    }
}
