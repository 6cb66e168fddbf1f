import ImageSpec
import ImageStore
import Syscalls
import TestSupport
import Testing

@Suite(.enabled(if: FileSystem.exists("/bin/tar"), "needs GNU tar to write the tarball"))
struct ImportRootfsTests {
    @Test(arguments: [false, true])
    func importsARootfsTarball(compressed: Bool) throws {
        try TemporaryDirectory.with("import") { (directory: TemporaryDirectory) throws(any Error) in
            try directory.write("rootfs/etc/os-release", "ID=imported\n")
            let tarball = directory.path + (compressed ? "/rootfs.tar.gz" : "/rootfs.tar")
            let result = try Subprocess.run(
                "/bin/tar", ["-C", directory.path + "/rootfs", compressed ? "-czf" : "-cf", tarball, "."])
            #expect(result.code == 0)
            let store = ImageStore(stateRoot: directory.path + "/state")
            let reference = try ImageReference(parsing: "localhost/base:1")
            _ = try store.importRootfs(tarball: tarball, as: reference)
            let image = try store.resolve(reference)
            #expect(image.config.platform == Platform.host)
            #expect(
                image.manifest.layers.map(\.mediaType) == [compressed ? MediaType.ociLayerGzip : MediaType.ociLayer])
            #expect(try FileSystem.readTextFile(image.layers[0] + "/etc/os-release") == "ID=imported\n")
        }
    }
}
