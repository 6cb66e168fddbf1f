import Syscalls
import SystemdProtocols
import UnitFile

/// One line for the system log: a syslog priority and the message.
public struct SystemLogRecord: Sendable, Equatable {
    public var priority: JournalSender.Priority
    public var message: String
    public init(priority: JournalSender.Priority, message: String) {
        self.priority = priority
        self.message = message
    }
}

/// `swctl-generator` as a function of its arguments and environment, so
/// the executable stays an entry point and the behaviour can be tested.
public enum GeneratorCommand {
    /// Set by systemd (v251 and later) for the generators it runs.
    public static let managerScopeVariable = "SYSTEMD_SCOPE"

    /// Runs the generator: diagnostics go to `standardError` as
    /// `FILE:LINE: message` lines, a dry run's listing to `standardOutput`.
    /// Run by systemd (`SYSTEMD_SCOPE` set), which connects a generator's
    /// stderr to /dev/null, the diagnostics also go to `systemLog`: by
    /// default the journal's native socket when journald runs (on
    /// `daemon-reload`), else /dev/kmsg (early boot, before journald), from
    /// where they reach the journal as Quadlet's do.
    ///
    /// `environment` needs only `SWCTL_DEFINITIONS_PATH` and `SYSTEMD_SCOPE`.
    /// Returns the exit status: 0 whatever the definitions say, 1 when the
    /// output directory cannot be written, 2 for wrong arguments.
    public static func run(
        arguments: [String], environment: [String: String],
        standardOutput: (String) -> Void = { try? FileSystem.writeAll($0, toDescriptor: 1) },
        standardError: (String) -> Void = { try? FileSystem.writeAll($0, toDescriptor: 2) },
        systemLog: ([SystemLogRecord]) -> Void = GeneratorCommand.logToSystem
    ) -> Int32 {
        switch GeneratorInvocation.parse(Array(arguments.dropFirst())) {
        case nil:
            standardError("swctl-generator: wrong arguments\n\(GeneratorInvocation.usage)\n")
            return 2
        case .help:
            standardOutput(GeneratorInvocation.usage + "\n")
            return 0
        case .generate(let outputDir, let dryRun):
            let fromManager = environment[managerScopeVariable] != nil && !dryRun
            do {
                let report = try runGenerator(
                    searchPath: DefinitionStore.searchPath(
                        fromVariable: environment[DefinitionStore.searchPathVariable]),
                    outputDir: outputDir, templatePath: generatorTemplatePath(executablePath: arguments.first ?? ""),
                    dryRun: dryRun)
                if !report.diagnostics.isEmpty {
                    standardError(report.diagnostics.map { "\($0)\n" }.joined())
                    if fromManager { systemLog(report.diagnostics.map(systemLogRecord)) }
                }
                if dryRun { standardOutput(report.listing) }
                return 0
            } catch {
                standardError("swctl-generator: \(error)\n")
                if fromManager { systemLog([SystemLogRecord(priority: .error, message: "\(error)")]) }
                return 1
            }
        }
    }

    static func systemLogRecord(_ diagnostic: Diagnostic) -> SystemLogRecord {
        SystemLogRecord(priority: diagnostic.severity == .error ? .error : .warning, message: diagnostic.description)
    }

    /// A /dev/kmsg record: `<PRIORITY>IDENTIFIER: MESSAGE`, facility daemon,
    /// so journald files it as the generator's own line.
    public static func kernelRecord(_ record: SystemLogRecord) -> String {
        "<\(24 + record.priority.rawValue)>swctl-generator: \(record.message)\n"
    }

    /// Sends the records to journald natively, or to /dev/kmsg when
    /// journald is not there yet (generators run before it at boot), or to
    /// the console where there is no /dev/kmsg either.
    public static func logToSystem(_ records: [SystemLogRecord]) {
        let journal = JournalSender()
        if FileSystem.exists(journal.socketPath) {
            let sent = records.allSatisfy { record in
                (try? journal.send(message: record.message, priority: record.priority, identifier: "swctl-generator"))
                    != nil
            }
            if sent { return }
        }
        // A container (systemd-nspawn) has no /dev/kmsg: the console is where
        // its boot messages go.
        if (try? FileSystem.writeRecords(records.map(kernelRecord), toDevice: "/dev/kmsg")) == nil {
            try? FileSystem.writeRecords(records.map { "swctl-generator: \($0.message)\n" }, toDevice: "/dev/console")
        }
    }
}
