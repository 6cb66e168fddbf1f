import ImageStore
import Testing

@Suite struct TarReaderTests {
    private func readAll(_ reader: inout TarReader) throws -> [(TarEntry, [UInt8])] {
        var result: [(TarEntry, [UInt8])] = []
        while let entry = try reader.next() {
            var content: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 333)
            while true {
                let count = try buffer.withUnsafeMutableBytes { try reader.readContent(into: $0) }
                if count == 0 { break }
                content += buffer[0..<count]
            }
            result.append((entry, content))
        }
        return result
    }

    @Test func readsMembersAndTheirContent() throws {
        var builder = TarBuilder()
        builder.add("etc/", type: UInt8(ascii: "5"), mode: 0o755)
        builder.add("etc/hostname", content: Array("box\n".utf8), mode: 0o600)
        builder.add("big", content: [UInt8](repeating: 7, count: 1500))
        builder.add("bin/sh", type: UInt8(ascii: "2"), linkName: "busybox")
        builder.add("dev/null", type: UInt8(ascii: "3"), mode: 0o666, major: 1, minor: 3)
        var reader = TarReader(source: builder.source())
        let members = try readAll(&reader)
        #expect(members.map(\.0.path) == ["etc/", "etc/hostname", "big", "bin/sh", "dev/null"])
        #expect(members[0].0.kind == .directory)
        #expect(members[1].0.mode == 0o600)
        #expect(members[1].1 == Array("box\n".utf8))
        #expect(members[2].1.count == 1500)
        #expect(members[3].0.kind == .symbolicLink && members[3].0.linkName == "busybox")
        #expect(members[4].0.kind == .characterDevice && members[4].0.deviceMajor == 1 && members[4].0.deviceMinor == 3)
    }

    /// Members not read to their end are skipped by `next()`.
    @Test func skipsUnreadContent() throws {
        var builder = TarBuilder()
        builder.add("a", content: [UInt8](repeating: 1, count: 5000))
        builder.add("b", content: [2])
        var reader = TarReader(source: builder.source())
        #expect(try reader.next()?.path == "a")
        #expect(try reader.next()?.path == "b")
        #expect(try reader.next() == nil)
    }

    @Test func appliesPAXPathLinkAndXattrs() throws {
        let long = String(repeating: "d/", count: 80) + "file"
        var builder = TarBuilder()
        builder.pax([("path", long), ("SCHILY.xattr.user.k", "v")])
        builder.add("short", content: [1])
        var reader = TarReader(source: builder.source())
        let entry = try #require(try reader.next())
        #expect(entry.path == long)
        #expect(entry.extendedAttributes == ["user.k": Array("v".utf8)])
    }

    @Test func rejectsACorruptChecksum() throws {
        var builder = TarBuilder()
        builder.add("a", content: [1])
        var bytes = builder.archive
        bytes[0] = UInt8(ascii: "b")
        let data = bytes
        nonisolated(unsafe) var done = false
        var reader = TarReader { buffer in
            if done { return 0 }
            done = true
            data.withUnsafeBytes {
                if let base = $0.baseAddress { buffer.baseAddress?.copyMemory(from: base, byteCount: data.count) }
            }
            return data.count
        }
        #expect(throws: TarError.self) { try reader.next() }
    }

    @Test func rejectsAHugeHeaderExtension() throws {
        var builder = TarBuilder()
        builder.add("././@LongLink", type: UInt8(ascii: "L"), content: [], size: 1 << 30)
        var reader = TarReader(source: builder.source())
        #expect {
            try reader.next()
        } throws: { error in
            (error as? TarError)?.description.contains("larger than") == true
        }
    }

    @Test func aTruncatedMemberIsAnError() throws {
        var builder = TarBuilder()
        builder.add("a", content: [], size: 100_000)
        builder.add("b", content: [1])
        var reader = TarReader(source: builder.source())
        _ = try reader.next()
        #expect(throws: TarError.self) { _ = try reader.next() }
    }
}
