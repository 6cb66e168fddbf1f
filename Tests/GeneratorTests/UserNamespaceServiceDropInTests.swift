import Definitions
import Testing
import UnitFile

@testable import Generator

@Suite struct UserNamespaceServiceDropInTests {
    @Test func userGroupAndDynamicUserStayOutOfTheUnit() throws {
        var definition = ContainerDefinition(
            name: "web", sourcePath: "/etc/swctl/containers/web.container", image: "/i")
        definition.serviceSection = [
            UnitFile.Entry(key: "User", value: "app", line: 5), UnitFile.Entry(key: "Group", value: "app", line: 6),
            UnitFile.Entry(key: "DynamicUser", value: "no", line: 7),
            UnitFile.Entry(key: "Restart", value: "always", line: 8),
        ]
        let text = ContainerDropIn.text(for: definition)
        #expect(text.contains("Restart=always\n"))
        for key in ["User=", "Group=", "DynamicUser="] { #expect(!text.contains("\n" + key), "\(key) in\n\(text)") }
    }
}
