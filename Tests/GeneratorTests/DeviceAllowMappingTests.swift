import Definitions
import Testing
import UnitFile

@testable import Generator

@Suite struct DeviceAllowMappingTests {
    @Test func addDeviceBecomesDeviceAllowInTheDropIn() {
        var definition = ContainerDefinition(
            name: "web", sourcePath: "/etc/swctl/containers/web.container", image: "/i")
        definition.security.devices = [
            DeviceMapping(hostPath: "/dev/fuse", containerPath: "/dev/fuse"),
            DeviceMapping(hostPath: "/dev/ttyUSB0", containerPath: "/dev/modem", permissions: "rw"),
        ]
        let service = ContainerDropIn.unitFile(for: definition).sections.first { $0.name == "Service" }
        let allowed = service?.entries.filter { $0.key == "DeviceAllow" }.map(\.value)
        #expect(allowed == ["/dev/fuse rwm", "/dev/ttyUSB0 rw"])
    }

    @Test func noDeviceNoDeviceAllow() {
        let definition = ContainerDefinition(
            name: "web", sourcePath: "/etc/swctl/containers/web.container", image: "/i")
        #expect(DeviceAllowMapping.directives(for: definition.security).isEmpty)
    }
}
