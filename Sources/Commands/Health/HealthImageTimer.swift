import Definitions
import Engine
import Generator
import ImageSpec
import Systemd

/// An image's HEALTHCHECK with no `Health*=` key in the definition: the
/// generator cannot see images, so `swctl prepare` starts the check's timer
/// (the template's 30 s interval, podman's default) once it has the image.
enum HealthImageTimer {
    static func startIfTheImageHasACheck(_ definition: ContainerDefinition, imageHealthcheck: ImageHealthcheck?) {
        guard definition.health.isEmpty, definition.health.resolved(image: imageHealthcheck) != nil else { return }
        let timer = HealthUnits.timerName(definition.name)
        do {
            // Queued, not waited for: this runs inside the unit's own start job.
            _ = try Manager(bus: try Bus.system()).startUnit(timer)
        } catch {
            LifecycleLog.error("prepare \(definition.name): start \(timer): \(error)", container: definition.name)
        }
    }
}
