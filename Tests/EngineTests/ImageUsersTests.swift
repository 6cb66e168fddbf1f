import Engine
import ImageSpec
import Testing

@Suite struct ImageUsersTests {
    @Test func readsTheImageReference() throws {
        let user = DefinitionStore.imageUser(
            name: "web", path: "/etc/swctl/containers/web.container",
            text: "[Container]\nImage=localhost/web:1\nExec=/bin/sh\n")
        #expect(user?.reference == (try ImageReference(parsing: "localhost/web:1")))
    }

    /// A definition with an error elsewhere still names its image: it must not be pruned under it.
    @Test func readsTheImageOfADefinitionWithErrors() throws {
        let user = DefinitionStore.imageUser(
            name: "web", path: "web.container", text: "[Container]\nImage=localhost/web:2\nMemory=lots\n")
        #expect(user?.reference.tag == "2")
    }

    @Test(arguments: ["[Container]\nImage=/srv/rootfs\n", "[Container]\nExec=/bin/true\n", "[Service]\nImage=x/y:1\n"])
    func aDirectoryOrNoImageIsNoUser(text: String) {
        #expect(DefinitionStore.imageUser(name: "web", path: "web.container", text: text) == nil)
    }
}
