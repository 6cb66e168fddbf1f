import OCI

/// `exec [options] ID [COMMAND [ARG...]]`, as runc spells it: a process
/// from `--process FILE` (a runtime-spec `process` object), or the
/// container's own process with the command and the options' changes.
public struct ExecOptions: Equatable, Sendable {
    public var id: String
    public var processFile: String?
    public var command: [String] = []
    public var cwd: String?
    public var env: [String] = []
    public var user: (uid: UInt32, gid: UInt32?)?
    public var additionalGids: [UInt32] = []
    public var tty = false
    public var detach = false
    public var pidFile: String?
    public var consoleSocket: String?
    public var preserveFDs = 0
    public var noNewPrivileges = false
    public var apparmorProfile: String?
    /// Capabilities added to the bounding, effective and permitted sets.
    public var capabilities: [String] = []

    public init(id: String) {
        self.id = id
    }

    public static func == (lhs: ExecOptions, rhs: ExecOptions) -> Bool {
        lhs.id == rhs.id && lhs.processFile == rhs.processFile && lhs.command == rhs.command && lhs.cwd == rhs.cwd
            && lhs.env == rhs.env && lhs.user?.uid == rhs.user?.uid && lhs.user?.gid == rhs.user?.gid
            && lhs.additionalGids == rhs.additionalGids && lhs.tty == rhs.tty && lhs.detach == rhs.detach
            && lhs.pidFile == rhs.pidFile && lhs.consoleSocket == rhs.consoleSocket
            && lhs.preserveFDs == rhs.preserveFDs && lhs.noNewPrivileges == rhs.noNewPrivileges
            && lhs.apparmorProfile == rhs.apparmorProfile && lhs.capabilities == rhs.capabilities
    }

    /// The process to run: `--process`'s (decoded by the caller, passed as
    /// `fromFile`) as it is, else `base` (the container's) with the command
    /// and the options applied, as runc does.
    func process(base: Process?, fromFile: Process?) throws(RuntimeError) -> Process {
        if let fromFile { return fromFile }
        guard var process = base else { throw .invalidSpec("process is missing") }
        guard !command.isEmpty else { throw .usage("exec: name a command or give --process FILE") }
        process.args = command
        process.commandLine = nil
        process.terminal = tty
        if let cwd { process.cwd = cwd }
        if !env.isEmpty { process.env = Self.merge(process.env ?? [], env) }
        if let user {
            process.user.uid = user.uid
            if let gid = user.gid { process.user.gid = gid }
            process.user.additionalGids = additionalGids.isEmpty ? nil : additionalGids
        } else if !additionalGids.isEmpty {
            process.user.additionalGids = additionalGids
        }
        if noNewPrivileges { process.noNewPrivileges = true }
        if let apparmorProfile { process.apparmorProfile = apparmorProfile }
        if !capabilities.isEmpty {
            var sets = process.capabilities ?? Capabilities()
            func adding(_ set: [String]?) -> [String] {
                (set ?? []) + capabilities.filter { !(set ?? []).contains($0) }
            }
            sets.bounding = adding(sets.bounding)
            sets.effective = adding(sets.effective)
            sets.permitted = adding(sets.permitted)
            process.capabilities = sets
        }
        return process
    }

    /// `base` with each `NAME=VALUE` of `changes` replacing the same name or added.
    static func merge(_ base: [String], _ changes: [String]) -> [String] {
        var result = base
        for change in changes {
            let name = change.prefix { $0 != "=" }
            if let index = result.firstIndex(where: { $0.prefix { $0 != "=" } == name }) {
                result[index] = change
            } else {
                result.append(change)
            }
        }
        return result
    }
}

extension Invocation {
    static func parseExec(_ reader: inout ArgumentReader) throws(RuntimeError) -> ExecOptions {
        var options = ExecOptions(id: "")
        var id: String?
        while let argument = reader.next() {
            if id != nil {
                // After the ID everything is the command, options included.
                options.command.append(argument)
                continue
            }
            let (name, inline) = ArgumentReader.split(argument)
            switch name {
            case "--process", "-p": options.processFile = try reader.value(for: name, inline: inline)
            case "--cwd": options.cwd = try reader.value(for: name, inline: inline)
            case "--env", "-e":
                let value = try reader.value(for: name, inline: inline)
                guard value.contains("="), !value.hasPrefix("=") else {
                    throw .usage("exec: --env: '\(value)' is not NAME=VALUE")
                }
                options.env.append(value)
            case "--user", "-u":
                let value = try reader.value(for: name, inline: inline)
                let parts = value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                guard let uid = UInt32(parts[0]), parts.count == 1 || UInt32(parts[1]) != nil else {
                    throw .usage("exec: --user: '\(value)' is not UID[:GID] (numbers)")
                }
                options.user = (uid, parts.count > 1 ? UInt32(parts[1]) : nil)
            case "--additional-gids", "-g":
                let value = try reader.value(for: name, inline: inline)
                guard let gid = UInt32(value) else { throw .usage("exec: --additional-gids: '\(value)' is not a GID") }
                options.additionalGids.append(gid)
            case "--tty", "-t": options.tty = try reader.flag(name, inline: inline)
            case "--detach", "-d": options.detach = try reader.flag(name, inline: inline)
            case "--pid-file": options.pidFile = try reader.value(for: name, inline: inline)
            case "--console-socket": options.consoleSocket = try reader.value(for: name, inline: inline)
            case "--preserve-fds": options.preserveFDs = try reader.count(for: name, inline: inline)
            case "--no-new-privs": options.noNewPrivileges = try reader.flag(name, inline: inline)
            case "--apparmor": options.apparmorProfile = try reader.value(for: name, inline: inline)
            case "--cap", "-c": options.capabilities.append(try reader.value(for: name, inline: inline))
            case "--process-label": _ = try reader.value(for: name, inline: inline)  // SELinux: not on this runtime
            case "--ignore-paused": _ = try reader.flag(name, inline: inline)
            case "--": continue
            default: try reader.positional(argument, into: &id, verb: "exec")
            }
        }
        options.id = try require(id, verb: "exec")
        if options.processFile == nil && options.command.isEmpty {
            throw .usage("exec: name a command or give --process FILE")
        }
        return options
    }
}
