import Testing

@testable import UnitFile

@Suite struct UnitValueQuoteTests {
    @Test(arguments: [
        "plain", "two words", "", "quote \" inside", "single ' inside", "back\\slash", "tab\there",
        "new\nline", "bell\u{07}", "dollar $HOME and %i", "ünïcode ✓", "-dash", "trailing\\",
    ])
    func quotedWordComesBackUnchanged(word: String) throws {
        #expect(try UnitValue.words(UnitValue.quoted(word)) == [word])
    }

    @Test func wordsListRoundTrips() throws {
        let command = ["/bin/sh", "-c", "echo \"hi there\"; exit 3", ""]
        #expect(try UnitValue.words(UnitValue.quotedWords(command)) == command)
    }

    @Test func controlCharactersAreEscapedNotWrittenRaw() {
        let quoted = UnitValue.quoted("a\u{01}b\nc")
        #expect(quoted == "\"a\\x01b\\nc\"")
        #expect(!quoted.contains("\n"))
    }
}
