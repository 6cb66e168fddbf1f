import ImageStore
import Syscalls
import TestSupport
import Testing

@Suite struct GzipReaderTests {
    private func source(_ bytes: [UInt8], chunk: Int = 5) -> (UnsafeMutableRawBufferPointer) throws -> Int {
        nonisolated(unsafe) var offset = 0
        return { buffer in
            let count = min(chunk, buffer.count, bytes.count - offset)
            for index in 0..<count { buffer[index] = bytes[offset + index] }
            offset += count
            return count
        }
    }

    private func inflateAll(_ reader: GzipReader) throws -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 100)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
            if count == 0 { return out }
            out += buffer[0..<count]
        }
    }

    /// `gzip.compress(b'hello ')`.
    private let hello: [UInt8] = [
        31, 139, 8, 0, 155, 167, 11, 107, 2, 255, 203, 72, 205, 201, 201, 87, 0, 0, 246, 249, 129, 237, 6, 0, 0, 0,
    ]

    @Test func inflatesOneMember() throws {
        #expect(try inflateAll(try GzipReader(source: source(hello))) == Array("hello ".utf8))
    }

    /// `cat a.gz b.gz` decompresses to both, as `gzip -d` does.
    @Test func inflatesConcatenatedMembers() throws {
        #expect(try inflateAll(try GzipReader(source: source(hello + hello, chunk: 7))) == Array("hello hello ".utf8))
    }

    @Test func aTruncatedStreamIsAnError() throws {
        #expect(throws: TarError.self) { try inflateAll(try GzipReader(source: source(Array(hello.dropLast(6))))) }
    }

    @Test func garbageIsAnError() throws {
        #expect(throws: TarError.self) { try inflateAll(try GzipReader(source: source(Array("not gzip at all".utf8)))) }
    }

    /// A layer as GNU tar writes it: `tar -czf`.
    @Test(.enabled(if: FileSystem.exists("/bin/tar"), "needs GNU tar to write the archive"))
    func readsATarballWrittenByGNUTar() throws {
        try TemporaryDirectory.with("gzip") { (directory: TemporaryDirectory) throws(any Error) in
            try directory.write("tree/etc/hostname", "box\n")
            try directory.write("tree/" + String(repeating: "long/", count: 30) + "name", "x")
            let archive = directory.path + "/layer.tgz"
            let result = try Subprocess.run("/bin/tar", ["-C", directory.path + "/tree", "-czf", archive, "."])
            #expect(result.code == 0)
            let fd = try FileDescriptor.open(archive)
            defer { fd.close() }
            let gzip = try GzipReader { try fd.read(into: $0) }
            var tar = TarReader { try gzip.read(into: $0) }
            var paths: [String] = []
            while let entry = try tar.next() { paths.append(entry.path) }
            #expect(paths.contains("./etc/hostname"))
            #expect(paths.contains("./" + String(repeating: "long/", count: 30) + "name"))
        }
    }
}
