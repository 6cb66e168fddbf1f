import Definitions
import Testing

@testable import Commands

@Suite struct RunDefinitionTests {
    let path = "/run/swctl/containers/t1.container"

    @Test func optionsBecomeDefinitionKeys() throws {
        var request = RunRequest(image: "/usr/share/swctl/images/busybox")
        request.command = ["/bin/sh", "-c", "echo \"a b\"; exit 3"]
        request.environment = ["MODE=test one"]
        request.workdir = "/tmp"
        request.user = "nobody:nogroup"
        request.readOnly = true
        request.memory = "64M"
        request.terminal = true
        let definition = TransientDefinition(request, path: path)
        let (parsed, errors) = definition.validate(name: "t1", path: path)
        #expect(errors == [])
        let container = try #require(parsed)
        #expect(container.exec == ["/bin/sh", "-c", "echo \"a b\"; exit 3"])
        #expect(container.environment == [EnvironmentVariable(name: "MODE", value: "test one")])
        #expect(container.workingDir == "/tmp")
        #expect(container.user == "nobody")
        #expect(container.group == "nogroup")
        #expect(container.readOnly)
        #expect(container.terminal)
        #expect(container.resources.memoryBytes == 64 * 1024 * 1024)
    }

    @Test func badOptionIsNamedNotTheFileLine() {
        var request = RunRequest(image: "/srv/rootfs")
        request.memory = "lots"
        request.workdir = "relative"
        let (parsed, errors) = TransientDefinition(request, path: path).validate(name: "t1", path: path)
        #expect(parsed == nil)
        #expect(errors.count == 2)
        #expect(errors.contains { $0.hasPrefix("--memory 'lots': Memory: ") })
        #expect(errors.contains { $0.hasPrefix("--workdir 'relative': WorkingDir: ") })
    }

    @Test func removeAddsAStopPostThatDeletesTheFile() throws {
        var request = RunRequest(image: "/srv/rootfs")
        request.remove = true
        let definition = TransientDefinition(request, path: path)
        let text = definition.text(name: "t1", imageForComment: "/srv/rootfs")
        #expect(text.contains("\n[Service]\nExecStopPost=-rm -f \(path)\n"))
        #expect(text.contains("CollectMode=inactive-or-failed"))
        let (parsed, errors) = definition.validate(name: "t1", path: path)
        #expect(errors == [])
        #expect(parsed?.serviceSection.map(\.key) == ["ExecStopPost"])
    }

    @Test func generatedNamesAreValidAndAvoidTakenOnes() {
        var taken: Set<String> = []
        for _ in 0..<200 {
            let name = GeneratedName.make(isTaken: { taken.contains($0) })
            #expect(ContainerName.problem(with: name) == nil)
            #expect(!taken.contains(name))
            taken.insert(name)
        }
        // Every pair taken: a number makes it unique.
        let constant = GeneratedName.make(isTaken: { !$0.hasSuffix("2") }, random: { 0 })
        #expect(constant == "agile-badger2")
    }
}
