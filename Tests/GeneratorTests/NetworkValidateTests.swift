import Definitions
import Glibc
import Syscalls
import Testing
import UnitFile

@testable import Engine

/// `swctl validate` and the generator check `NAME.network` files and the
/// networks `Network=` names.
@Suite struct NetworkValidateTests {
    private final class Scratch {
        let root: String

        init() throws {
            var template = Array("/tmp/swctl-netvalidate-XXXXXX".utf8CString)
            let made = template.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress.flatMap { mkdtemp($0) }
            }
            guard let made else { throw Errno(rawValue: errno) }
            root = String(cString: made)
            try FileSystem.makeDirectories(root + "/etc")
        }

        @discardableResult
        func write(_ file: String, _ text: String) throws -> String {
            let path = root + "/etc/" + file
            try FileSystem.writeFileAtomically(path, text: text)
            return path
        }

        deinit { try? FileSystem.removeTree(root) }
    }

    @Test func aBadNetworkFileIsReportedAtItsLine() throws {
        let scratch = try Scratch()
        let front = try scratch.write("front.network", "[Network]\nLabel=a=b\nSubnet=10.1.2.0/33\n")
        try scratch.write("web.container", "[Container]\nImage=/srv/web\nNetwork=front\n")
        let problems = validate(paths: [], searchPath: [scratch.root + "/etc"])
        #expect(problems.map(\.file) == [front])
        #expect(problems.map(\.line) == [3])
        #expect(problems.first?.message.hasPrefix("Subnet") == true)
        #expect(validate(paths: [front]) == problems)
    }

    @Test func aNetworkWithNoFileIsAnErrorNamingBothFiles() throws {
        let scratch = try Scratch()
        try scratch.write("front.network", "[Network]\n")
        let web = try scratch.write(
            "web.container", "[Container]\nImage=/srv/web\nNetwork=front\nNetwork=back.network\n")
        let expected = [
            "\(web):4: Network: no network named 'back': \(scratch.root)/etc/back.network does not exist (swctl network create back makes it)"
        ]
        #expect(validate(paths: [], searchPath: [scratch.root + "/etc"]).map(\.description) == expected)
        #expect(validate(paths: [web], searchPath: [scratch.root + "/etc"]).map(\.description) == expected)
        // The generator reports it too, and still generates the container.
        let report = try runGenerator(
            searchPath: [scratch.root + "/etc"], outputDir: scratch.root + "/out", templatePath: "/opt/ctr@.service",
            dryRun: true)
        #expect(report.diagnostics.map(\.description) == expected)
        #expect(report.containers == ["web"])
    }

    @Test func builtInModesNeedNoFile() throws {
        let scratch = try Scratch()
        try scratch.write("a.container", "[Container]\nImage=/srv/a\nNetwork=host\n")
        try scratch.write("b.container", "[Container]\nImage=/srv/b\nNetwork=container:a\n")
        try scratch.write("c.container", "[Container]\nImage=/srv/c\n")
        #expect(validate(paths: [], searchPath: [scratch.root + "/etc"]) == [])
    }
}
