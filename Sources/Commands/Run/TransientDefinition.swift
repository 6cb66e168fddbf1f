import Definitions
import UnitFile

/// What `swctl run` was asked for, in definition terms.
struct RunRequest: Equatable {
    var image: String
    var command: [String] = []
    var entrypoint: String?
    var terminal = false
    var remove = false
    var environment: [String] = []
    var environmentFiles: [String] = []
    var volumes: [String] = []
    var tmpfs: [String] = []
    var publish: [String] = []
    var networks: [String] = []
    var workdir: String?
    var user: String?
    var hostname: String?
    var readOnly = false
    var memory: String?
    var cpus: String?
    var pidsLimit: String?
    var pull: String?
    var addCapabilities: [String] = []
    var dropCapabilities: [String] = []
}

/// The definition file `swctl run` writes under /run/swctl/containers:
/// the request as `[Container]` keys, so the container is an ordinary
/// `ctr@NAME` unit. Each line remembers the option it came from, so a bad
/// value is reported as `--publish '80:x': …` rather than as a line of a
/// file the user never wrote.
struct TransientDefinition: Equatable {
    struct Line: Equatable {
        var key: String
        var value: String
        /// The option as the user typed it (`--publish '8080:80'`).
        var origin: String
    }

    var container: [Line] = []
    var service: [Line] = []

    init(_ request: RunRequest, path: String) {
        func add(_ key: String, _ value: String, _ origin: String) {
            container.append(Line(key: key, value: value, origin: origin))
        }
        func quotedOrigin(_ option: String, _ value: String) -> String { "\(option) '\(value)'" }

        add("Image", request.image, "image '\(request.image)'")
        if let entrypoint = request.entrypoint {
            add("Entrypoint", UnitValue.quoted(entrypoint), quotedOrigin("--entrypoint", entrypoint))
        }
        if !request.command.isEmpty {
            add("Exec", UnitValue.quotedWords(request.command), "command '\(request.command.joined(separator: " "))'")
        }
        if request.terminal { add("Terminal", "yes", "--tty") }
        for variable in request.environment {
            add("Environment", UnitValue.quoted(variable), quotedOrigin("--env", variable))
        }
        for file in request.environmentFiles { add("EnvironmentFile", file, quotedOrigin("--env-file", file)) }
        for volume in request.volumes { add("Volume", volume, quotedOrigin("--volume", volume)) }
        for mount in request.tmpfs { add("Tmpfs", mount, quotedOrigin("--tmpfs", mount)) }
        for port in request.publish { add("PublishPort", port, quotedOrigin("--publish", port)) }
        for network in request.networks { add("Network", network, quotedOrigin("--network", network)) }
        if let workdir = request.workdir { add("WorkingDir", workdir, quotedOrigin("--workdir", workdir)) }
        if let user = request.user {
            // docker's USER[:GROUP] is two keys here.
            let parts = user.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            add("User", parts[0], quotedOrigin("--user", user))
            if parts.count == 2 { add("Group", parts[1], quotedOrigin("--user", user)) }
        }
        if let hostname = request.hostname { add("HostName", hostname, quotedOrigin("--hostname", hostname)) }
        if request.readOnly { add("ReadOnly", "yes", "--read-only") }
        if let memory = request.memory { add("Memory", memory, quotedOrigin("--memory", memory)) }
        if let cpus = request.cpus { add("CPUs", cpus, quotedOrigin("--cpus", cpus)) }
        if let pids = request.pidsLimit { add("PidsLimit", pids, quotedOrigin("--pids-limit", pids)) }
        if let pull = request.pull { add("Pull", pull, quotedOrigin("--pull", pull)) }
        for capability in request.addCapabilities {
            add("AddCapability", capability, quotedOrigin("--cap-add", capability))
        }
        for capability in request.dropCapabilities {
            add("DropCapability", capability, quotedOrigin("--cap-drop", capability))
        }
        if request.remove {
            // The file goes when the unit stops, however it stops (also
            // when `swctl run` is not there to see it).
            service.append(Line(key: "ExecStopPost", value: "-rm -f \(path)", origin: "--rm"))
        }
    }

    /// The file's text. `CollectMode=inactive-or-failed` lets systemd unload
    /// the unit once it has ended, failed or not; `swctl run` holds a
    /// reference while it waits for the exit status.
    func text(name: String, imageForComment: String) -> String {
        var lines = [
            "# Made by 'swctl run' for \(imageForComment); 'swctl rm \(name)' removes it.",
            "[Unit]",
            "CollectMode=inactive-or-failed",
            "",
            "[Container]",
        ]
        lines += container.map { "\($0.key)=\($0.value)" }
        if !service.isEmpty {
            lines += ["", "[Service]"]
            lines += service.map { "\($0.key)=\($0.value)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The option a line of `text` came from (1-based line numbers), nil
    /// for the fixed lines.
    func origin(ofLine number: Int) -> String? {
        let containerStart = 6  // the line after "[Container]"
        let index = number - containerStart
        if index >= 0, index < container.count { return container[index].origin }
        let serviceStart = containerStart + container.count + 2
        let serviceIndex = number - serviceStart
        if serviceIndex >= 0, serviceIndex < service.count { return service[serviceIndex].origin }
        return nil
    }

    /// Parses the text as a definition would be, so a bad option fails
    /// before anything is written or started; errors name the option.
    func validate(name: String, path: String) -> (definition: ContainerDefinition?, errors: [String]) {
        let result = ContainerDefinition.parse(text: text(name: name, imageForComment: "check"), path: path)
        let errors = result.errors.map { diagnostic in
            if let origin = origin(ofLine: diagnostic.line) { return "\(origin): \(diagnostic.message)" }
            return diagnostic.message
        }
        return (errors.isEmpty ? result.definition : nil, errors)
    }
}
