import Testing

@testable import Definitions

@Suite struct ContainerNameTests {
    @Test(arguments: ["web", "Web2", "0", "a.b-c_d", "db-1.prod", "web@1", String(repeating: "a", count: 128)])
    func validNames(name: String) {
        #expect(ContainerDefinition.isValidName(name))
    }

    @Test(arguments: [
        "", "-web", ".web", "_web", "my web", "web/1", "web@", "@1", "web@1@2", "wéb", "web:1", "web\\x2d",
        String(repeating: "a", count: 129),
    ])
    func invalidNames(name: String) {
        #expect(!ContainerDefinition.isValidName(name))
    }

    @Test(arguments: [
        ("/etc/swctl/containers/web.container", "web" as String?), ("web.container", "web"), ("/a/.container", ""),
        ("/a/web.container.bak", nil), ("/a/web", nil),
    ])
    func namesComeFromTheFileName(path: String, name: String?) {
        #expect(ContainerDefinition.name(fromPath: path) == name)
    }

    @Test func theUnitIsAnInstanceOfTheTemplate() {
        #expect(ContainerDefinition.serviceName(forContainer: "web") == "ctr@web.service")
    }
}
