import ImageSpec
import Testing

@Suite struct SHA256Tests {
    /// FIPS 180-4 examples and the NIST two-block message.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func knownAnswers(message: String, hex: String) {
        #expect(SHA256.digest(of: Array(message.utf8)) == "sha256:" + hex)
    }

    @Test func oneMillionAs() {
        var hash = SHA256()
        let chunk = [UInt8](repeating: 0x61, count: 1000)
        for _ in 0..<1000 { hash.update(chunk) }
        #expect(hash.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Chunk boundaries that straddle blocks give the same answer as one update.
    @Test func chunkingDoesNotChangeTheDigest() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let whole = SHA256.digest(of: message)
        for size in [1, 7, 63, 64, 65, 130] {
            var hash = SHA256()
            var index = 0
            while index < message.count {
                let end = min(index + size, message.count)
                if size == 7 {
                    hash.update(message[index..<end])  // the Sequence path
                } else {
                    hash.update(Array(message[index..<end]))
                }
                index = end
            }
            #expect("sha256:" + hash.finalizeHex() == whole, "chunk size \(size)")
        }
    }
}
