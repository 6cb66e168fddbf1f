import OCI
import Syscalls

/// The runtime's entry point: parse, run one verb, map errors to an exit
/// code and one line of diagnostics.
public enum RuntimeMain {
    public static let version = "0.1.0"

    /// Runs the command line `arguments` (without the program name) and
    /// returns the process exit code.
    public static func main(_ arguments: [String]) -> Int32 {
        let invocation: Invocation
        do {
            invocation = try Invocation.parse(arguments)
        } catch {
            Diagnostics(sink: .standardError).error(error.description)
            return 2
        }
        let diagnostics = Diagnostics(logPath: invocation.global.log, format: invocation.global.logFormat)
        do {
            return try execute(invocation, diagnostics: diagnostics)
        } catch {
            diagnostics.error(error.description)
            if case .usage = error { return 2 }
            return 1
        }
    }

    static func execute(_ invocation: Invocation, diagnostics: Diagnostics) throws(RuntimeError) -> Int32 {
        let store = StateStore(root: invocation.global.root)
        switch invocation.verb {
        case .run(let options):
            diagnostics.containerID = options.id
            return try Container.run(options, global: invocation.global, diagnostics: diagnostics)
        case .create(let options):
            diagnostics.containerID = options.id
            try Container.create(options, global: invocation.global, diagnostics: diagnostics)
        case .start(let id):
            diagnostics.containerID = id
            try Container.load(id, store: store).start(diagnostics: diagnostics)
        case .state(let id):
            diagnostics.containerID = id
            print(try Container.printState(id, store: store), terminator: "")
        case .kill(let id, let signal, let all):
            diagnostics.containerID = id
            try Container.load(id, store: store).kill(signal: signal, all: all)
        case .delete(let id, let force):
            diagnostics.containerID = id
            do {
                try Container.load(id, store: store).delete(force: force, diagnostics: diagnostics)
            } catch .notFound(let id) where force {
                // As runc: forced delete of an unknown container succeeds, so
                // cleanup (ExecStopPost) is idempotent; a half-made directory
                // from an aborted run goes too.
                try? store.remove(id)
            }
        case .exec(let options):
            diagnostics.containerID = options.id
            return try Container.exec(options, global: invocation.global, diagnostics: diagnostics)
        case .features:
            print(Features.render(), terminator: "")
        case .help:
            print(Invocation.usage)
        case .version:
            print("swctl-runtime version \(version)\nspec: \(ociSpecVersion)")
        }
        return 0
    }
}
