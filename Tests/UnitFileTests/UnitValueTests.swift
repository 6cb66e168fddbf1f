import Testing

@testable import UnitFile

@Suite struct UnitValueTests {
    @Test(arguments: ["1", "yes", "y", "true", "t", "on", "YES", "True", "On"])
    func trueBooleans(text: String) {
        #expect(UnitValue.boolean(text) == true)
    }

    @Test(arguments: ["0", "no", "n", "false", "f", "off", "NO", "False", "OFF"])
    func falseBooleans(text: String) {
        #expect(UnitValue.boolean(text) == false)
    }

    @Test(arguments: ["", "2", "maybe", "yess", " yes"])
    func notBooleans(text: String) {
        #expect(UnitValue.boolean(text) == nil)
    }

    @Test(arguments: [
        ("512", UInt64(512)), ("512B", 512), ("1K", 1024), ("1k", 1024), ("2KB", 2048), ("1KiB", 1024),
        ("512M", 536_870_912), ("512m", 536_870_912), ("1G", 1_073_741_824), ("2T", 2_199_023_255_552),
        ("1.5G", 1_610_612_736), ("0.5K", 512), ("1.0001K", 1024), ("0", 0),
        ("16777215T", 18_446_742_974_197_923_840),
    ])
    func sizesUseBase1024(text: String, bytes: UInt64) {
        #expect(UnitValue.size(text) == bytes)
    }

    @Test(arguments: ["", "12X", "M", "1.G", ".5G", "-1M", "1 G B", "1e3", "16777216T", "99999999999999999999", "1P"])
    func notSizes(text: String) {
        #expect(UnitValue.size(text) == nil)
    }

    @Test(arguments: [
        ("a b  c", ["a", "b", "c"]),
        ("  leading and trailing  ", ["leading", "and", "trailing"]),
        ("\"a b\" c", ["a b", "c"]),
        ("'a b' c", ["a b", "c"]),
        ("a\"b c\"d", ["ab cd"]),
        ("\"\" x", ["", "x"]),
        ("'it''s'", ["its"]),
        ("\"say \\\"hi\\\"\"", ["say \"hi\""]),
        ("'a \"b\"'", ["a \"b\""]),
        ("a\\ b", ["a b"]),
        ("\\t\\n\\\\\\s", ["\t\n\\ "]),
        ("\\x41\\101\\u00e9\\U0001F600", ["AAé😀"]),
        ("%i %% $HOME", ["%i", "%%", "$HOME"]),
        ("", []),
    ])
    func wordsFollowSystemdQuoting(text: String, words: [String]) throws {
        #expect(try UnitValue.words(text) == words)
    }

    @Test(arguments: [
        ("\"abc", UnitValue.WordsError.unterminatedQuote("\"")),
        ("a 'b", .unterminatedQuote("'")),
        ("\\q", .badEscape("\\q")),
        ("a\\", .badEscape("\\")),
        ("\\xZ1", .badEscape("\\xZ")),
        ("\\x0", .badEscape("\\x0")),
        ("\\08", .badEscape("\\08")),
        ("\\x00", .nulCharacter),
        ("\\000", .nulCharacter),
    ])
    func badWords(text: String, error: UnitValue.WordsError) {
        #expect(throws: error) { try UnitValue.words(text) }
    }

    @Test(arguments: [
        "multi-user.target", "ctr@web.service", "web@web.service", "a.b-c_d:e.socket", "x@y@z.service",
        "dev-sda1.device",
    ])
    func validUnitNames(name: String) {
        #expect(UnitValue.isValidUnitName(name))
    }

    @Test(arguments: ["", "multi-user", "a.bogus", ".service", "@web.service", "a b.service", "a/b.target"])
    func invalidUnitNames(name: String) {
        #expect(!UnitValue.isValidUnitName(name))
    }

    @Test func instanceNames() {
        #expect(UnitValue.isInstanceName("ctr@web.service"))
        #expect(!UnitValue.isInstanceName("ctr@.service"))
        #expect(!UnitValue.isInstanceName("web.service"))
    }

    @Test func diagnosticsReadFileLineMessage() {
        #expect(
            Diagnostic.error("Memory: bad", file: "/a/web.container", line: 7).description
                == "/a/web.container:7: Memory: bad")
        #expect(
            Diagnostic.warning("Also: ignored", file: "w.container", line: 3).description
                == "w.container:3: warning: Also: ignored")
    }
}
