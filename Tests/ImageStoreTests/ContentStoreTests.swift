import ImageSpec
import ImageStore
import Syscalls
import TestSupport
import Testing

@Suite struct ContentStoreTests {
    @Test func storesABlobUnderItsDigest() throws {
        try TemporaryDirectory.with("store") { (directory: TemporaryDirectory) throws(any Error) in
            let store = ContentStore(root: directory.path)
            let digest = try store.ingest(Array("hello\n".utf8))
            #expect(digest == "sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03")
            #expect(store.contains(digest))
            #expect(try store.read(digest) == Array("hello\n".utf8))
            #expect(try FileSystem.readFile(try store.path(of: digest)) == Array("hello\n".utf8))
            #expect(try store.digests() == [digest])
        }
    }

    /// Bytes that do not hash to the announced digest never appear in the store.
    @Test func refusesContentThatDoesNotMatchItsDigest() throws {
        try TemporaryDirectory.with("store") { (directory: TemporaryDirectory) throws(any Error) in
            let store = ContentStore(root: directory.path)
            let claimed = SHA256.digest(of: Array("good".utf8))
            #expect(throws: ImageStoreError.self) { try store.ingest(Array("evil".utf8), expected: claimed) }
            #expect(!store.contains(claimed))
            #expect(try store.digests().isEmpty)
            #expect(try FileSystem.listDirectory(store.ingestDirectory).isEmpty)
        }
    }

    @Test func stopsReadingPastTheAnnouncedSize() throws {
        try TemporaryDirectory.with("store") { (directory: TemporaryDirectory) throws(any Error) in
            let store = ContentStore(root: directory.path)
            var served = 0
            #expect {
                try store.ingest(expected: SHA256.digest(of: []), expectedSize: 10) { buffer in
                    served += buffer.count
                    return buffer.count  // an endless source
                }
            } throws: { error in
                (error as? ImageStoreError)?.description.contains("more than the announced 10 bytes") == true
            }
            #expect(served <= 1 << 21)
            #expect(try store.digests().isEmpty)
        }
    }

    /// A digest from an archive cannot name a path outside the store.
    @Test func rejectsDigestsThatAreNotHex() throws {
        let store = ContentStore(root: "/nonexistent")
        #expect(throws: ImageStoreError.self) { try store.path(of: "sha256:../../etc/passwd") }
        #expect(throws: ImageStoreError.self) { try store.path(of: "md5:abc") }
        #expect(!store.contains("sha256:../../etc/passwd"))
    }
}
