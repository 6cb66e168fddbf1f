import Systemd

extension SystemContext {
    /// The unit of container `name` while the container runs: known (else
    /// exit 3), loaded, running with a main process and a cgroup (else exit
    /// 6, "container is not running"). For commands that act on processes.
    func runningUnit(_ name: String, action: String) throws(CommandFailure) -> UnitProperties {
        let container = try resolve(name, action: action)
        let notRunning = CommandFailure(.notRunning, "\(action): container is not running")
        guard let path = container.unitPath else { throw notRunning }
        let unit = try onBus(action) { manager throws(BusError) in try manager.properties(ofUnitAt: path) }
        guard ContainerState(unit: unit).isRunning, unit.mainPID > 0, !unit.controlGroup.isEmpty else {
            throw notRunning
        }
        return unit
    }
}
