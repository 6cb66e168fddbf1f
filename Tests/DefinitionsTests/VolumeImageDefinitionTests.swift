import Testing
import UnitFile

@testable import Definitions

@Suite struct VolumeDefinitionTests {
    private func parse(_ text: String, path: String = "/d/data.volume") -> VolumeParseResult {
        VolumeDefinition.parse(text: text, path: path)
    }

    @Test func everyKeyIsRead() throws {
        let volume = try #require(
            parse(
                "[Volume]\nVolumeName=appdata\nDevice=/dev/vdb\nType=ext4\nOptions=noatime\nCopy=no\nUser=999\nGroup=998\nLabel=app=db tier=back\nDriver=local\n"
            ).definition)
        #expect(volume.name == "data")
        #expect(volume.displayName == "appdata")
        #expect(volume.device == "/dev/vdb")
        #expect(volume.type == "ext4")
        #expect(volume.options == "noatime")
        #expect(volume.copy == false)
        #expect(volume.uid == 999 && volume.gid == 998)
        #expect(volume.labels.map { "\($0.key)=\($0.value)" } == ["app=db", "tier=back"])
    }

    @Test func defaultsAreTheFileNameAndCopy() throws {
        let volume = try #require(parse("[Volume]\n").definition)
        #expect(volume.displayName == "data")
        #expect(volume.copy)
    }

    @Test func tmpfsNeedsNoDeviceButOtherTypesDo() {
        #expect(parse("[Volume]\nType=tmpfs\nOptions=size=64m\n").definition != nil)
        #expect(
            parse("[Volume]\nType=ext4\n").diagnostics.map(\.description) == [
                "/d/data.volume:2: Type: 'ext4' needs Device= (what to mount; only tmpfs needs none)"
            ])
    }

    @Test func problemsNameTheFileAndLine() {
        let diagnostics = parse("[Volume]\nDriver=nfs\nUser=postgres\nPodmanArgs=--x\nSize=1G\n").diagnostics
        #expect(
            diagnostics.map(\.description) == [
                "/d/data.volume:2: Driver: 'nfs': only the local driver exists in swctl (remove it or use Driver=local)",
                "/d/data.volume:3: User: 'postgres' is not a numeric user ID (use e.g. 1000; names are not resolved)",
                "/d/data.volume:4: PodmanArgs: not supported by swctl: there is no podman command line (use the [Volume] keys)",
                "/d/data.volume:5: Size: unknown key in [Volume] (swctl.volume(5) lists the keys)",
            ])
    }

    @Test func aBadFileNameIsAnError() {
        #expect(parse("[Volume]\n", path: "/d/-x.volume").definition == nil)
        #expect(parse("[Volume]\n", path: "/d/x.vol").definition == nil)
    }
}

@Suite struct ImageDefinitionTests {
    private func parse(_ text: String) -> ImageParseResult {
        ImageDefinition.parse(text: text, path: "/d/app.image")
    }

    @Test func keysAreRead() throws {
        let image = try #require(
            parse("[Image]\nImage=localhost:5000/app:1\nAuthFile=/a.json\nTLSVerify=yes\nOS=linux\nArch=arm64\n")
                .definition)
        #expect(image.image == "localhost:5000/app:1")
        #expect(image.authFile == "/a.json")
        #expect(image.platform(hostOS: "linux", hostArch: "amd64") == "linux/arm64")
    }

    @Test func refusedKeysSayWhy() {
        #expect(
            parse("[Image]\nImage=a/b:1\nTLSVerify=no\nAllTags=yes\nCreds=u:p\n").diagnostics.map(\.description) == [
                "/d/app.image:3: TLSVerify: no: swctl never turns TLS checks off for one pull (list the registry as insecure in /etc/swctl/registries.conf)",
                "/d/app.image:4: AllTags: not supported by swctl: swctl pulls one tag at a time (write one .image file per tag)",
                "/d/app.image:5: Creds: not supported by swctl: credentials on the command line would show in the unit (use AuthFile=)",
            ])
    }

    @Test func anImageIsRequired() {
        #expect(
            parse("[Image]\nArch=arm64\n").diagnostics.map(\.description) == [
                "/d/app.image:1: Image: missing in [Image] (add e.g. Image=docker.io/library/busybox:latest)"
            ])
    }
}

@Suite struct NamedVolumeMountTests {
    private func volumes(_ value: String) throws -> [VolumeMount] {
        let result = ContainerDefinition.parse(
            text: "[Container]\nImage=/i\nVolume=\(value)\n", path: "/d/web.container")
        return try #require(result.definition, "\(result.diagnostics)").volumes
    }

    @Test func aNameIsANamedVolume() throws {
        let mount = try #require(try volumes("data:/var/lib/data:ro").first)
        #expect(mount.volume == "data" && mount.volumeFile == nil && mount.readOnly && mount.source.isEmpty)
    }

    @Test func aVolumeFileIsNamedByItsFile() throws {
        let mount = try #require(try volumes("data.volume:/var/lib/data").first)
        #expect(mount.volume == "data" && mount.volumeFile == "data")
    }

    @Test func aPathIsABindMount() throws {
        let mount = try #require(try volumes("/srv:/srv").first)
        #expect(mount.volume == nil && mount.source == "/srv")
    }

    @Test func neitherAPathNorANameIsAnError() {
        let result = ContainerDefinition.parse(text: "[Container]\nImage=/i\nVolume=-x:/a\n", path: "/d/web.container")
        #expect(
            result.diagnostics.first?.message.hasPrefix(
                "Volume: source '-x' is neither an absolute path nor a volume name") == true)
    }

    @Test func anImageFileIsAccepted() throws {
        let result = ContainerDefinition.parse(text: "[Container]\nImage=app.image\n", path: "/d/web.container")
        #expect(result.definition?.imageFile == "app")
    }
}

@Suite struct TemplateNameTests {
    @Test func instanceNamesAreValidTemplatesAndBrokenOnesAreNot() {
        #expect(ContainerDefinition.isValidName("web@blue"))
        #expect(!ContainerDefinition.isValidName("web@"))
        #expect(!ContainerDefinition.isValidName("@blue"))
        #expect(!ContainerDefinition.isValidName("web@blue@green"))
        #expect(ContainerDefinition.isTemplateName("web@"))
        #expect(ContainerDefinition.templateName(ofInstance: "web@blue") == "web@")
        #expect(!NetworkDefinition.isValidName("front@x"))
    }

    @Test func theUnitKeepsTheAtAndTheMachineNameReplacesIt() {
        #expect(ContainerDefinition.serviceName(forContainer: "web@blue") == "ctr@web@blue.service")
        #expect(ContainerDefinition.machineName(forContainer: "web@blue") == "web-blue")
        #expect(UnitValue.isValidUnitName("ctr@web@blue.service"))
    }

    @Test func specifiersNameTheInstanceAndPrefixAndTheRestStay() {
        #expect(
            TemplateSpecifiers.resolve("echo %i %I %p %P %% %n %%i", prefix: "web", instance: "blue")
                == "echo blue blue web web %% %n %%i")
    }
}

/// The file name and section checks both kinds of file share.
@Suite struct SidecarFileCheckTests {
    @Test func aBadNameOrAnUnknownSectionIsReportedAtItsLine() {
        let volume = VolumeDefinition.parse(text: "[Volume]\n[Service]\nType=x\n", path: "/d/-bad.volume")
        #expect(volume.definition == nil)
        #expect(
            volume.diagnostics.map(\.description) == [
                "/d/-bad.volume:1: '-bad' is not a valid volume name (\(ContainerDefinition.nameRule))",
                "/d/-bad.volume:2: [Service]: unknown section (use [Volume])",
            ])
        let image = ImageDefinition.parse(
            text: "[Image]\nImage=docker.io/library/busybox:1\nArch=\n[X-Mine]\nA=1\n", path: "/d/app.image")
        #expect(image.diagnostics == [])
        #expect(image.definition?.image == "docker.io/library/busybox:1")
        let stray = ImageDefinition.parse(text: "[Image]\nImage=docker.io/library/busybox:1\n", path: "/d/app.txt")
        #expect(
            stray.diagnostics.map(\.description) == [
                "/d/app.txt:1: not an image definition (the file name must be NAME.image)"
            ])
    }

    @Test func badValuesNameTheKeyAndLineInFileOrder() {
        let volume = VolumeDefinition.parse(text: "[Volume]\nCopy=maybe\nType=ext4\n", path: "/d/data.volume")
        #expect(volume.definition == nil)
        #expect(volume.diagnostics.map(\.line) == volume.diagnostics.map(\.line).sorted())
        #expect(volume.diagnostics.first?.description.hasPrefix("/d/data.volume:2: Copy: ") == true)
        #expect(volume.diagnostics.last?.description.hasPrefix("/d/data.volume:3: Type: 'ext4' needs Device=") == true)
    }
}
