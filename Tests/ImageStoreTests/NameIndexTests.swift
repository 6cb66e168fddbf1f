import ImageStore
import Syscalls
import TestSupport
import Testing

@Suite struct NameIndexTests {
    @Test func namesAreSetResolvedAndRemoved() {
        var index = NameIndex()
        index.set(repository: "localhost/web", tag: "1", digest: "sha256:a")
        index.set(repository: "localhost/web", tag: "2", digest: "sha256:b")
        index.set(repository: "localhost/web", tag: "1", digest: "sha256:c")
        #expect(index.digest(repository: "localhost/web", tag: "1") == "sha256:c")
        #expect(index.entries.map(\.tag) == ["1", "2"])
        #expect(index.remove(repository: "localhost/web", tag: "1") == "sha256:c")
        #expect(!index.isNamed("sha256:c"))
        index.remove(repository: "localhost/web", tag: "2")
        #expect(index.repositories.isEmpty)
    }

    @Test func updatesPersistAcrossLoads() throws {
        try TemporaryDirectory.with("index") { (directory: TemporaryDirectory) throws(any Error) in
            let path = directory.path + "/images/index.json"
            #expect(try NameIndex.load(path) == NameIndex())
            try NameIndex.update(path) { index in index.set(repository: "localhost/web", tag: "1", digest: "sha256:a") }
            try NameIndex.update(path) { index in index.set(repository: "localhost/db", tag: "2", digest: "sha256:b") }
            let index = try NameIndex.load(path)
            #expect(index.digest(repository: "localhost/web", tag: "1") == "sha256:a")
            #expect(index.digest(repository: "localhost/db", tag: "2") == "sha256:b")
        }
    }

    /// A failing change writes nothing.
    @Test func aFailedUpdateLeavesTheIndexAlone() throws {
        try TemporaryDirectory.with("index") { (directory: TemporaryDirectory) throws(any Error) in
            let path = directory.path + "/index.json"
            try NameIndex.update(path) { index in index.set(repository: "r", tag: "t", digest: "sha256:a") }
            #expect(throws: ImageStoreError.self) {
                try NameIndex.update(path) { (index: inout NameIndex) throws(ImageStoreError) in
                    index.repositories = [:]
                    throw ImageStoreError("no")
                }
            }
            #expect(try NameIndex.load(path).digest(repository: "r", tag: "t") == "sha256:a")
        }
    }
}
