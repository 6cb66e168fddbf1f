import Bundles
import Definitions
import Glibc
import JSON
import Network
import OCI
import Syscalls
import Testing

@testable import Engine

/// A scratch directory with an image and state roots, removed at the end.
private final class ShapingScratch {
    let root: String
    let paths: StatePaths
    let image: String
    let credentials: String

    init() throws {
        var template = Array("/tmp/swctl-shaping-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard let made else { throw Errno(rawValue: errno) }
        root = String(cString: made)
        paths = StatePaths(persistentRoot: root + "/lib", volatileRoot: root + "/run")
        image = root + "/image"
        credentials = root + "/credentials"
        try FileSystem.makeDirectories(image + "/etc")
        try FileSystem.makeDirectories(credentials)
        try FileSystem.writeFileAtomically(image + "/etc/passwd", text: "root:x:0:0:root:/root:/bin/sh\n")
        try FileSystem.writeFileAtomically(image + "/etc/group", text: "root:x:0:\nvideo:x:44:\n")
    }

    func definition(_ configure: (inout ContainerDefinition) -> Void = { _ in }) -> ContainerDefinition {
        var definition = ContainerDefinition(name: "web", sourcePath: root + "/defs/web.container", image: image)
        definition.exec = ["/bin/sh"]
        configure(&definition)
        return definition
    }

    func prepare(_ definition: ContainerDefinition, environment: [String: String] = [:]) throws -> Spec {
        let config = try Preparer(paths: paths, hostEnvironment: environment).prepare(definition)
        return try JSONDecoder().decode(Spec.self, from: try FileSystem.readFile(config))
    }

    deinit {
        try? Cleaner(paths: paths).cleanup(name: "web", runtimeDelete: false)
        try? FileSystem.removeTree(root)
    }
}

/// Secret=, Timezone=, EnvironmentHost=, HttpProxy=, GroupAdd=, Rootfs= as
/// `swctl prepare` applies them to the bundle.
@Suite(
    .serialized,
    .enabled(if: getuid() == 0, "mounts an overlay and chowns files: needs root; runs in make check as root"))
struct PrepareShapingTests {
    @Test func aMountSecretIsACopyBoundReadOnlyAndAnEnvSecretAVariable() throws {
        let scratch = try ShapingScratch()
        try FileSystem.writeFileAtomically(scratch.credentials + "/db", text: "s3cret\n", permissions: 0o400)
        try FileSystem.writeFileAtomically(scratch.credentials + "/token", text: "t0ken", permissions: 0o400)
        var file = SecretReference(name: "db")
        file.uid = 33
        file.mode = 0o400
        var env = SecretReference(name: "token")
        env.kind = .environment
        env.target = "API_TOKEN"
        let spec = try scratch.prepare(
            scratch.definition { $0.secrets = [file, env] }, environment: ["CREDENTIALS_DIRECTORY": scratch.credentials]
        )
        let mount = try #require(spec.mounts?.first { $0.destination == "/run/secrets/db" })
        #expect(mount.options?.contains("ro") == true)
        let copy = try #require(mount.source)
        #expect(try FileSystem.readTextFile(copy) == "s3cret\n")
        let status = try #require(try FileSystem.status(copy))
        #expect(status.permissions == 0o400)
        #expect(status.uid == 33)
        #expect(spec.process?.env?.contains("API_TOKEN=t0ken") == true)
        #expect(spec.process?.env?.contains { $0.hasPrefix("CREDENTIALS_DIRECTORY=") } == false)
    }

    @Test func aSecretWithoutCredentialsSaysWhereSecretsComeFrom() throws {
        let scratch = try ShapingScratch()
        #expect {
            _ = try scratch.prepare(scratch.definition { $0.secrets = [SecretReference(name: "db")] })
        } throws: { error in
            "\(error)".contains("Secret=: no $CREDENTIALS_DIRECTORY: secrets are systemd credentials")
        }
        #expect {
            _ = try scratch.prepare(
                scratch.definition { $0.secrets = [SecretReference(name: "db")] },
                environment: ["CREDENTIALS_DIRECTORY": scratch.credentials])
        } throws: { error in
            "\(error)".contains("Secret=db: read the credential") && "\(error)".contains("/etc/swctl/secrets/db")
        }
    }

    @Test func timezoneBindsAZoneFileOrTheHostsLocaltime() throws {
        let scratch = try ShapingScratch()
        let zone = try scratch.prepare(scratch.definition { $0.timezone = .zone("UTC") })
        #expect(
            zone.mounts?.last
                == Mount(
                    destination: "/etc/localtime", type: "bind", source: "/usr/share/zoneinfo/UTC",
                    options: ["bind", "rprivate", "ro"]))
        let local = try scratch.prepare(scratch.definition { $0.timezone = .local })
        #expect(local.mounts?.last?.source == "/etc/localtime")
        #expect {
            _ = try scratch.prepare(scratch.definition { $0.timezone = .zone("Mars/Olympus") })
        } throws: { error in
            "\(error)".contains("Timezone=Mars/Olympus: no such zone in /usr/share/zoneinfo")
        }
    }

    @Test func proxyVariablesPassByDefaultAndTheWholeEnvironmentWithEnvironmentHost() throws {
        let scratch = try ShapingScratch()
        let environment = [
            "http_proxy": "http://proxy:3128", "NO_PROXY": "localhost", "LANG": "C.UTF-8", "NOTIFY_SOCKET": "/run/x",
        ]
        let proxied = try scratch.prepare(scratch.definition(), environment: environment).process?.env ?? []
        #expect(proxied.contains("http_proxy=http://proxy:3128") && proxied.contains("NO_PROXY=localhost"))
        #expect(!proxied.contains("LANG=C.UTF-8"))
        let off =
            try scratch.prepare(scratch.definition { $0.httpProxy = false }, environment: environment).process?.env
            ?? []
        #expect(!off.contains("http_proxy=http://proxy:3128"))
        let host =
            try scratch.prepare(
                scratch.definition {
                    $0.environmentHost = true
                    $0.environment = [EnvironmentVariable(name: "LANG", value: "de_DE.UTF-8")]
                }, environment: environment
            ).process?.env ?? []
        #expect(host.contains("LANG=de_DE.UTF-8") && !host.contains("LANG=C.UTF-8"))
        #expect(host.contains("http_proxy=http://proxy:3128"))
        #expect(!host.contains { $0.hasPrefix("NOTIFY_SOCKET=") })
    }

    @Test func groupAddAddsSupplementaryGroupsFromTheImage() throws {
        let scratch = try ShapingScratch()
        let spec = try scratch.prepare(scratch.definition { $0.groupAdd = ["video", "2000"] })
        #expect(spec.process?.user.additionalGids == [44, 2000])
        #expect {
            _ = try scratch.prepare(scratch.definition { $0.groupAdd = ["audio"] })
        } throws: { error in
            "\(error)".contains("GroupAdd: no group 'audio' in the image's /etc/group")
        }
    }

    @Test func rootfsWithoutOverlayIsWrittenInPlaceAndWithOverlayIsNot() throws {
        let scratch = try ShapingScratch()
        let inPlace = try scratch.prepare(
            scratch.definition { $0.rootfs = RootfsDirectory(path: scratch.image, overlay: false) })
        #expect(inPlace.root == Root(path: scratch.image, readonly: nil))
        let overlay = try scratch.prepare(
            scratch.definition { $0.rootfs = RootfsDirectory(path: scratch.image, overlay: true) })
        #expect(overlay.root?.path == scratch.paths.bundleRootfs("web"))
    }
}

/// AddHost= and DNS*= on the files of the container's network.
@Suite struct NameResolutionPrepareTests {
    @Test func addHostAndDNSChangeTheAttachmentsFiles() throws {
        let preparer = Preparer(paths: StatePaths(persistentRoot: "/nonexistent/lib", volatileRoot: "/nonexistent/run"))
        var definition = ContainerDefinition(
            name: "web", sourcePath: "/etc/swctl/containers/web.container", image: "/r")
        definition.network = .none
        definition.nameResolution.hosts = [AddedHost(names: ["db"], address: .ip(IPv4Address(0x0A00_0005)))]
        definition.nameResolution.servers = .addresses([IPv4Address(0x0101_0101)])
        let attachment = NetworkAttachment(
            namespacePath: "/run/netns/web", lease: nil, hosts: "127.0.0.1\tlocalhost\n", resolvConf: nil)
        let result = try preparer.applyingNameResolution(definition, to: attachment)
        #expect(result.hosts == "127.0.0.1\tlocalhost\n10.0.0.5\tdb\n")
        #expect(result.resolvConf == "nameserver 1.1.1.1\n")
        definition.nameResolution.hosts = [AddedHost(names: ["gw"], address: .hostGateway)]
        #expect {
            _ = try preparer.applyingNameResolution(definition, to: attachment)
        } throws: { error in
            "\(error)".contains("AddHost: gw:host-gateway needs Network=bridge")
        }
    }
}
