import Definitions
import Testing

@Suite struct ImageKeyTests {
    @Test(arguments: [
        "localhost/web:1", "registry:5000/team/app@sha256:" + String(repeating: "a", count: 64),
        "docker.io/library/busybox", "busybox:1.36",
    ])
    func acceptsImageReferences(value: String) {
        let result = parseContainer("Image=\(value)")
        #expect(result.diagnostics == [])
        #expect(result.definition?.image == value)
    }

    /// A bare word is more likely a mistyped path than an image on Docker Hub.
    @Test(arguments: ["busybox", "Web/App:1", "localhost/web:"])
    func rejectsBareWordsAndMalformedReferences(value: String) {
        let result = parseContainer("Image=\(value)")
        #expect(result.diagnostics.count == 1)
    }
}
