import ArgumentParser
import Glibc
import Syscalls
import Systemd

struct Top: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top",
        abstract: "List a container's processes.",
        discussion: """
            Lists every process in the container's cgroup (the unit's \
            ControlGroup and the cgroups below it), as 'docker top' does: PID \
            and PPID as the host sees them, the effective user, the CPU time \
            used (HH:MM:SS) and the command line. A container that is not \
            running is an error (exit status 6).

            Examples:
              swctl top web
              swctl top web | awk 'NR > 1 { print $1 }'    # just the PIDs
            """)

    @Argument(help: "The container.", completion: ContainerName.completion)
    var name: String

    func validate() throws {
        if let problem = ContainerName.problem(with: name) { throw ValidationError(problem) }
    }

    func run() throws {
        let context = SystemContext.live()
        let action = "top \(name)"
        let unit = try context.runningUnit(name, action: action)
        let source = ProcessSource()
        guard let directory = source.cgroupDirectory(unit.controlGroup) else {
            throw CommandFailure(
                .failure,
                "\(action): cgroup \(unit.controlGroup) not found under \(source.cgroupRoots.joined(separator: " or "))"
            )
        }
        let processes: [ProcessEntry]
        do {
            processes = try source.processes(inCgroupAt: directory)
        } catch {
            let code: SwctlExitCode = error.errno == .permissionDenied ? .permissionDenied : .failure
            throw CommandFailure(code, "\(action): \(error)")
        }
        let names = source.userNames()
        let out = OutputStream.standardOutput()
        out.write(
            ProcessTable.render(
                processes, userName: { names[$0] }, ticksPerSecond: UInt64(max(1, sysconf(Int32(_SC_CLK_TCK))))))
        out.flush()
    }
}
