import Engine
import JSON
import OCI
import Syscalls
import Systemd

extension Status {
    /// The confinement of a running container, from its bundle's spec;
    /// nil when it does not run or was not prepared by swctl.
    func runningConfinement(_ name: String, _ unit: UnitProperties) -> ConfinementSummary? {
        guard ContainerState(unit: unit).isRunning else { return nil }
        let config = StatePaths.fromEnvironment(ProcessEnvironment.current()).bundleConfig(name)
        guard let bytes = try? FileSystem.readFile(config), let spec = try? JSONDecoder().decode(Spec.self, from: bytes)
        else { return nil }
        return ConfinementSummary(spec: spec)
    }
}
