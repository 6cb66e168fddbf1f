import Testing
import UnitFile

@testable import Definitions

@Suite struct DefinitionParseTests {
    @Test func aCompleteDefinition() {
        let text = """
            [Unit]
            Description=Front web server
            After=ctr@db.service

            [Container]
            Image=/var/lib/machines/web
            Exec=/usr/sbin/httpd -DFOREGROUND
            Memory=512M

            [Service]
            Restart=on-failure

            [Install]
            WantedBy=multi-user.target
            """
        let result = ContainerDefinition.parse(text: text, path: webPath)
        #expect(result.diagnostics == [])
        #expect(result.name == "web")
        #expect(
            result.definition
                == expectedDefinition {
                    $0.exec = ["/usr/sbin/httpd", "-DFOREGROUND"]
                    $0.resources.memoryBytes = 536_870_912
                    $0.unitSection = [
                        .init(key: "Description", value: "Front web server", line: 2),
                        .init(key: "After", value: "ctr@db.service", line: 3),
                    ]
                    $0.serviceSection = [.init(key: "Restart", value: "on-failure", line: 11)]
                    $0.install = InstallSection(wantedBy: ["multi-user.target"])
                })
        #expect(result.definition?.serviceName == "ctr@web.service")
    }

    @Test func passThroughSectionsKeepEmptyAssignmentsAndRepeats() {
        let result = ContainerDefinition.parse(
            text: "[Unit]\nAfter=a.service\nAfter=\n[Container]\nImage=/i\n[Unit]\nWants=b.service\n", path: webPath)
        #expect(
            result.definition?.unitSection == [
                .init(key: "After", value: "a.service", line: 2), .init(key: "After", value: "", line: 3),
                .init(key: "Wants", value: "b.service", line: 7),
            ])
    }

    @Test(arguments: [
        ("Exce=/bin/sh", "Exce: unknown key in [Container] (did you mean Exec?)"),
        ("image=/x", "image: unknown key in [Container] (did you mean Image?)"),
        ("Enviroment=A=1", "Enviroment: unknown key in [Container] (did you mean Environment?)"),
        ("Volumes=/a:/b", "Volumes: unknown key in [Container] (did you mean Volume?)"),
        ("Frobnicate=1", "Frobnicate: unknown key in [Container] (swctl.container(5) lists the keys)"),
    ])
    func unknownKeys(line: String, message: String) {
        let result = parseContainer(line)
        #expect(result.diagnostics.map(\.description) == ["\(webPath):3: \(message)"])
        #expect(result.definition == nil)
    }

    @Test(arguments: [
        ("[Contaner]", "[Contaner]: unknown section (did you mean [Container]?)"),
        ("[service]", "[service]: unknown section (did you mean [Service]?)"),
        ("[Quadlet]", "[Quadlet]: unknown section (use [Unit], [Container], [Service] or [Install])"),
    ])
    func unknownSections(header: String, message: String) {
        let result = parseContainer("\(header)\nKey=value")
        #expect(result.diagnostics.map(\.description) == ["\(webPath):3: \(message)"])
        #expect(result.definition == nil)
    }

    @Test func extensionSectionsAndKeysAreIgnored() {
        let result = parseContainer("X-Note=hello\n[X-Tooling]\nAnything=goes")
        #expect(result.diagnostics == [])
        #expect(result.definition == expectedDefinition())
    }

    @Test func missingImageUsesTheLineOfTheContainerHeader() {
        let result = ContainerDefinition.parse(
            text: "[Unit]\nDescription=x\n\n[Container]\nExec=/bin/true\n", path: webPath)
        #expect(
            result.diagnostics.map(\.description) == [
                "\(webPath):4: Image: missing in [Container] (add Image=/path/to/rootfs)"
            ])
        #expect(result.definition == nil)
    }

    @Test func anImageResetByAnEmptyAssignmentIsMissing() {
        let result = parseContainer("Image=")
        #expect(
            result.diagnostics.map(\.description) == [
                "\(webPath):1: Image: missing in [Container] (add Image=/path/to/rootfs)"
            ])
    }

    @Test func missingContainerSectionUsesLineOne() {
        let result = ContainerDefinition.parse(text: "[Unit]\nDescription=x\n", path: webPath)
        #expect(
            result.diagnostics.map(\.description) == [
                "\(webPath):1: Image: missing (add a [Container] section with Image=/path/to/rootfs)"
            ])
    }

    @Test func anEmptyFileIsMissingItsImage() {
        #expect(ContainerDefinition.parse(text: "", path: webPath).diagnostics.count == 1)
    }

    @Test(arguments: [
        (
            "/etc/swctl/containers/my web.container",
            "'my web' is not a valid container name (use letters, digits, '_', '.' and '-', starting with a letter or digit, at most 128 characters)"
        ),
        (
            "/etc/swctl/containers/.hidden.container",
            "'.hidden' is not a valid container name (use letters, digits, '_', '.' and '-', starting with a letter or digit, at most 128 characters)"
        ),
        ("/etc/swctl/containers/web.conf", "not a container definition (the file name must be NAME.container)"),
    ])
    func badFileNames(path: String, message: String) {
        let result = parseContainer("", path: path)
        #expect(result.diagnostics.map(\.description) == ["\(path):1: \(message)"])
        #expect(result.definition == nil)
    }

    @Test func syntaxErrorsAndKeyErrorsComeInLineOrder() {
        let text = "[Container]\nMemory=12X\nbroken line\nImage=/i\nExce=x\n"
        let result = ContainerDefinition.parse(text: text, path: webPath)
        #expect(result.diagnostics.map(\.line) == [2, 3, 5])
        #expect(result.errors.count == 3)
    }

    @Test func everyErrorIsReportedNotJustTheFirst() {
        let result = parseContainer("Memory=x\nCPUs=y\nNetwork=-z")
        #expect(result.diagnostics.map(\.line) == [3, 4, 5])
    }

    @Test func installKeysAreSpaceSeparatedListsWithReset() {
        let result = ContainerDefinition.parse(
            text: """
                [Container]
                Image=/i
                [Install]
                WantedBy=multi-user.target default.target
                WantedBy=
                WantedBy=graphical.target
                RequiredBy=a.target
                UpheldBy=b.target
                Alias=app@web.service
                """, path: webPath)
        #expect(result.diagnostics == [])
        #expect(
            result.definition?.install
                == InstallSection(
                    wantedBy: ["graphical.target"], requiredBy: ["a.target"], upheldBy: ["b.target"],
                    alias: ["app@web.service"]))
    }

    @Test(arguments: [
        ("WantedBy=multi-user", "WantedBy: 'multi-user' is not a unit name (use e.g. multi-user.target)"),
        ("RequiredBy=a/b.target", "RequiredBy: 'a/b.target' is not a unit name (use e.g. multi-user.target)"),
        ("UpheldBy=x@.target", "UpheldBy: 'x@.target' is not a unit name (use e.g. multi-user.target)"),
        (
            "Alias=web.service",
            "Alias: 'web.service' cannot name ctr@web.service (an alias of a template instance is an instance with the same name: use e.g. app@web.service)"
        ),
        (
            "Alias=app@db.service",
            "Alias: 'app@db.service' cannot name ctr@web.service (an alias of a template instance is an instance with the same name: use e.g. app@web.service)"
        ),
        (
            "Alias=app@web.socket",
            "Alias: 'app@web.socket' cannot name ctr@web.service (an alias of a template instance is an instance with the same name: use e.g. app@web.service)"
        ),
        ("WantedBi=multi-user.target", "WantedBi: unknown key in [Install] (did you mean WantedBy?)"),
        ("Enable=yes", "Enable: unknown key in [Install] (use WantedBy, RequiredBy, UpheldBy or Alias)"),
    ])
    func badInstallEntries(line: String, message: String) {
        let result = parseContainer("[Install]\n\(line)")
        #expect(result.diagnostics.map(\.description) == ["\(webPath):4: \(message)"])
        #expect(result.definition == nil)
    }

    @Test(arguments: ["Also=other.service", "DefaultInstance=x"])
    func installKeysWithoutMeaningForContainersAreIgnoredWithAWarning(line: String) {
        let result = parseContainer("[Install]\n\(line)")
        let key = line.split(separator: "=")[0]
        #expect(
            result.diagnostics.map(\.description) == [
                "\(webPath):4: warning: \(key): ignored (swctl makes no use of it for containers)"
            ])
        #expect(result.definition != nil)
    }

    @Test(arguments: [
        ("ExecStart=/bin/true", "ExecStart: set by the ctr@.service template (put the command in [Container] Exec=)"),
        (
            "Type=simple",
            "Type: 'simple' replaces the template's Type=notify (remove it: the runtime tells systemd when the container runs)"
        ),
        ("NotifyAccess=none", "NotifyAccess: 'none' would ignore the runtime's notification (remove it)"),
        ("Delegate=no", "Delegate: the runtime needs the delegated cgroup the template asks for (remove this line)"),
        ("ExecStartPre=", "ExecStartPre: an empty assignment drops the template's 'swctl prepare' (remove this line)"),
        ("ExecStopPost=", "ExecStopPost: an empty assignment drops the template's 'swctl cleanup' (remove this line)"),
    ])
    func serviceLinesThatWouldBreakTheTemplate(line: String, message: String) {
        let result = parseContainer("[Service]\n\(line)")
        #expect(result.diagnostics.map(\.description) == ["\(webPath):4: \(message)"])
        #expect(result.definition == nil)
    }

    @Test(arguments: ["Type=notify", "Delegate=yes", "ExecStartPre=/bin/true", "Restart=always", "NotifyAccess=all"])
    func serviceLinesTheTemplateLivesWith(line: String) {
        #expect(parseContainer("[Service]\n\(line)").diagnostics == [])
    }

    @Test func aServiceDirectiveForAMappedKeyOverridesItWithAWarning() {
        let result = parseContainer("Memory=1G\n[Service]\nMemoryMax=2G\nTasksMax=10")
        #expect(
            result.diagnostics.map(\.description) == [
                "\(webPath):5: warning: MemoryMax: overrides Memory= from [Container] (set the limit in one place)"
            ])
        #expect(result.definition?.serviceSection.map(\.key) == ["MemoryMax", "TasksMax"])
    }
}
