import Syscalls

/// The runtime's command line, parsed by hand: runc's spelling, so engines
/// that drive runc (containerd, podman) can drive this runtime. (A
/// declarative parser would cost 1.4 ms of start time on every container
/// start.)
public struct Invocation: Equatable, Sendable {
    public var global = GlobalOptions()
    public var verb: Verb

    public init(global: GlobalOptions = GlobalOptions(), verb: Verb) {
        self.global = global
        self.verb = verb
    }
}

/// Options before the verb.
public struct GlobalOptions: Equatable, Sendable {
    /// Directory for container state.
    public var root = "/run/swctl-runtime"
    /// File for the runtime's own messages (runc's `--log`).
    public var log: String?
    public var logFormat = LogFormat.text
    /// Accepted for runc compatibility; this runtime always takes
    /// `linux.cgroupsPath` as a cgroup v2 path (see `Hierarchy.resolve`).
    public var systemdCgroup = false
    public var debug = false

    public init() {}
}

public enum LogFormat: String, Equatable, Sendable {
    case text, json
}

/// What to do.
public enum Verb: Equatable, Sendable {
    case run(RunOptions)
    /// `create`: set up and wait for `start` (`detach` is implied).
    case create(RunOptions)
    case start(id: String)
    case state(id: String)
    case kill(id: String, signal: Int32, all: Bool)
    case delete(id: String, force: Bool)
    /// `exec`: another process in a running container.
    case exec(ExecOptions)
    case features
    case help
    case version
}

/// `run [--bundle DIR] [--detach] [--pid-file FILE] [--preserve-fds N] ID`.
public struct RunOptions: Equatable, Sendable {
    public var id: String
    /// Bundle directory; nil means the current directory.
    public var bundle: String?
    public var detach = false
    public var pidFile: String?
    /// Descriptors 3 ..< 3+N the container inherits.
    public var preserveFDs = 0
    /// Unix socket that receives the master of the container's terminal.
    public var consoleSocket: String?
    /// Move the root file system onto / and chroot instead of pivot_root
    /// (runc's `--no-pivot`; for roots pivot_root refuses, such as ramfs).
    public var noPivot = false

    public init(
        id: String, bundle: String? = nil, detach: Bool = false, pidFile: String? = nil, preserveFDs: Int = 0,
        consoleSocket: String? = nil
    ) {
        self.id = id
        self.bundle = bundle
        self.detach = detach
        self.pidFile = pidFile
        self.preserveFDs = preserveFDs
        self.consoleSocket = consoleSocket
    }
}

extension Invocation {
    public static let usage = """
        usage: swctl-runtime [--root DIR] [--log FILE] [--log-format text|json] [--systemd-cgroup] VERB ...
          run [--bundle|-b DIR] [--detach|-d] [--console-socket SOCKET] [--pid-file FILE] [--preserve-fds N]
              [--no-pivot] ID
          create [--bundle|-b DIR] [--console-socket SOCKET] [--pid-file FILE] [--preserve-fds N] [--no-pivot] ID
          start ID
          state ID
          kill [--all|-a] ID [SIGNAL]          (SIGNAL: TERM, SIGTERM or 15; default TERM)
          delete [--force|-f] ID
          exec [--process|-p FILE] [--tty|-t] [--detach|-d] [--cwd DIR] [--env|-e K=V] [--user|-u UID[:GID]]
               [--pid-file FILE] [--console-socket S] ID [COMMAND [ARG...]]
          features
        """

    /// Parses `arguments` (without the program name).
    public static func parse(_ arguments: [String]) throws(RuntimeError) -> Invocation {
        var reader = ArgumentReader(arguments)
        var global = GlobalOptions()
        while let argument = reader.next() {
            let (name, inline) = ArgumentReader.split(argument)
            switch name {
            case "--root": global.root = try reader.value(for: name, inline: inline)
            case "--log": global.log = try reader.value(for: name, inline: inline)
            case "--log-format":
                let value = try reader.value(for: name, inline: inline)
                guard let format = LogFormat(rawValue: value) else {
                    throw .usage("--log-format: '\(value)' is not text or json")
                }
                global.logFormat = format
            case "--systemd-cgroup": global.systemdCgroup = try reader.flag(name, inline: inline)
            case "--debug": global.debug = try reader.flag(name, inline: inline)
            case "--help", "-h": return Invocation(global: global, verb: .help)
            case "--version", "-v": return Invocation(global: global, verb: .version)
            default:
                if argument.hasPrefix("-") { throw .usage("unknown option \(argument)") }
                return Invocation(global: global, verb: try parseVerb(argument, &reader))
            }
        }
        throw .usage("missing verb\n" + usage)
    }

    private static func parseVerb(_ verb: String, _ reader: inout ArgumentReader) throws(RuntimeError) -> Verb {
        switch verb {
        case "run", "create":
            var options = RunOptions(id: "")
            var id: String?
            while let argument = reader.next() {
                let (name, inline) = ArgumentReader.split(argument)
                switch name {
                case "--bundle", "-b": options.bundle = try reader.value(for: name, inline: inline)
                case "--detach" where verb == "run", "-d" where verb == "run":
                    options.detach = try reader.flag(name, inline: inline)
                case "--console-socket": options.consoleSocket = try reader.value(for: name, inline: inline)
                case "--pid-file": options.pidFile = try reader.value(for: name, inline: inline)
                case "--preserve-fds":
                    options.preserveFDs = try reader.count(for: name, inline: inline)
                case "--no-new-keyring": _ = try reader.flag(name, inline: inline)
                case "--no-pivot": options.noPivot = try reader.flag(name, inline: inline)
                default: try reader.positional(argument, into: &id, verb: verb)
                }
            }
            options.id = try require(id, verb: verb)
            return verb == "run" ? .run(options) : .create(options)
        case "start":
            var id: String?
            while let argument = reader.next() { try reader.positional(argument, into: &id, verb: verb) }
            return .start(id: try require(id, verb: verb))
        case "state":
            var id: String?
            while let argument = reader.next() { try reader.positional(argument, into: &id, verb: verb) }
            return .state(id: try require(id, verb: verb))
        case "kill":
            var id: String?
            var signalText: String?
            var all = false
            while let argument = reader.next() {
                let (name, inline) = ArgumentReader.split(argument)
                if name == "--all" || name == "-a" {
                    all = try reader.flag(name, inline: inline)
                } else if id == nil {
                    try reader.positional(argument, into: &id, verb: verb)
                } else {
                    try reader.positional(argument, into: &signalText, verb: verb)
                }
            }
            let signalName = signalText ?? "TERM"
            guard let signal = Signals.parse(signalName) else { throw .usage("kill: '\(signalName)' is not a signal") }
            return .kill(id: try require(id, verb: verb), signal: signal, all: all)
        case "delete":
            var id: String?
            var force = false
            while let argument = reader.next() {
                let (name, inline) = ArgumentReader.split(argument)
                if name == "--force" || name == "-f" {
                    force = try reader.flag(name, inline: inline)
                } else {
                    try reader.positional(argument, into: &id, verb: verb)
                }
            }
            return .delete(id: try require(id, verb: verb), force: force)
        case "features":
            if let extra = reader.next() { throw .usage("features: unexpected argument \(extra)") }
            return .features
        case "help":
            return .help
        case "exec":
            return .exec(try parseExec(&reader))
        case "pause", "resume", "ps", "update", "events", "checkpoint", "restore", "list", "spec":
            throw .usage("\(verb): not supported yet")
        default:
            throw .usage("unknown verb \(verb)\n" + usage)
        }
    }

    static func require(_ id: String?, verb: String) throws(RuntimeError) -> String {
        guard let id else { throw .usage("\(verb): missing container id") }
        return id
    }
}

struct ArgumentReader {
    private let arguments: [String]
    private var index = 0

    init(_ arguments: [String]) {
        self.arguments = arguments
    }

    mutating func next() -> String? {
        guard index < arguments.count else { return nil }
        defer { index += 1 }
        return arguments[index]
    }

    /// `--name=value` → ("--name", "value"); anything else → (argument, nil).
    static func split(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    mutating func value(for name: String, inline: String?) throws(RuntimeError) -> String {
        if let inline { return inline }
        guard let value = next() else { throw .usage("\(name) needs a value") }
        return value
    }

    /// A value that must be a count (0 or more).
    mutating func count(for name: String, inline: String?) throws(RuntimeError) -> Int {
        let value = try self.value(for: name, inline: inline)
        guard let count = Int(value), count >= 0 else { throw .usage("\(name): '\(value)' is not a count") }
        return count
    }

    func flag(_ name: String, inline: String?) throws(RuntimeError) -> Bool {
        switch inline {
        case nil, "true": return true
        case "false": return false
        case let value?: throw .usage("\(name): '\(value)' is not true or false")
        }
    }

    func positional(_ argument: String, into slot: inout String?, verb: String) throws(RuntimeError) {
        if argument.hasPrefix("-") && argument.count > 1 { throw .usage("\(verb): unknown option \(argument)") }
        guard slot == nil else { throw .usage("\(verb): unexpected argument \(argument)") }
        slot = argument
    }
}
