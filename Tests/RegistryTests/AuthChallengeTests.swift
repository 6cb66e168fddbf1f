import Registry
import Testing

@Suite struct AuthChallengeTests {
    @Test func parsesABearerChallengeAsDockerHubSendsIt() {
        let header =
            #"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull""#
        #expect(
            AuthChallenge.parse(header) == [
                AuthChallenge(
                    scheme: "bearer",
                    parameters: [
                        "realm": "https://auth.docker.io/token", "service": "registry.docker.io",
                        "scope": "repository:library/busybox:pull",
                    ])
            ])
    }

    @Test func parsesBasicWithSpacesAndAnUnquotedValue() {
        #expect(
            AuthChallenge.parse(#"Basic realm="Registry Realm", charset=UTF-8"#) == [
                AuthChallenge(scheme: "basic", parameters: ["realm": "Registry Realm", "charset": "UTF-8"])
            ])
    }

    @Test func splitsTwoChallengesInOneHeader() {
        let parsed = AuthChallenge.parse(#"Basic realm="a", Bearer realm="https://t/token",service="s""#)
        #expect(parsed.map(\.scheme) == ["basic", "bearer"])
        #expect(parsed.last?.parameters["service"] == "s")
    }

    @Test func unescapesQuotedPairs() {
        #expect(AuthChallenge.parse(#"Bearer realm="a\"b""#).first?.realm == #"a"b"#)
    }

    @Test(arguments: ["", "   ", ","])
    func findsNoChallengeInAnEmptyHeader(_ header: String) {
        #expect(AuthChallenge.parse(header).isEmpty)
    }
}

@Suite struct Base64Tests {
    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("user:p@ss", "dXNlcjpwQHNz")])
    func roundTrips(_ plain: String, _ encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func acceptsMissingPaddingAndRejectsGarbage() {
        #expect(Base64.decode("Zm8") == Array("fo".utf8))
        #expect(Base64.decode("Zm9v!") == nil)
        #expect(Base64.decode("Z") == nil)
    }
}
