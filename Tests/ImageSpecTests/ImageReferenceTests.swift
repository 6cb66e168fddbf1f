import ImageSpec
import Testing

@Suite struct ImageReferenceTests {
    private let digest = "sha256:" + String(repeating: "ab", count: 32)

    @Test func localhostNameWithTag() throws {
        let reference = try ImageReference(parsing: "localhost/web:1")
        #expect(reference.domain == "localhost")
        #expect(reference.path == "web")
        #expect(reference.tag == "1")
        #expect(reference.digest == nil)
        #expect(reference.description == "localhost/web:1")
    }

    @Test func registryWithPortAndDigest() throws {
        let reference = try ImageReference(parsing: "registry:5000/team/app@" + digest)
        #expect(reference.domain == "registry:5000")
        #expect(reference.path == "team/app")
        #expect(reference.tag == nil)
        #expect(reference.digest == digest)
        #expect(reference.repository == "registry:5000/team/app")
    }

    @Test func tagAndDigestTogether() throws {
        let reference = try ImageReference(parsing: "example.com/app:2.1@" + digest)
        #expect(reference.tag == "2.1")
        #expect(reference.digest == digest)
        #expect(reference.description == "example.com/app:2.1@" + digest)
    }

    @Test(arguments: [
        ("nginx", "docker.io/library/nginx:latest", "nginx:latest"),
        ("nginx:1.25", "docker.io/library/nginx:1.25", "nginx:1.25"),
        ("library/nginx", "docker.io/library/nginx:latest", "nginx:latest"),
        ("docker.io/nginx", "docker.io/library/nginx:latest", "nginx:latest"),
        ("index.docker.io/library/nginx", "docker.io/library/nginx:latest", "nginx:latest"),
        ("grafana/grafana:10", "docker.io/grafana/grafana:10", "grafana/grafana:10"),
        ("localhost:5000/a/b/c", "localhost:5000/a/b/c:latest", "localhost:5000/a/b/c:latest"),
        ("quay.io/coreos/etcd", "quay.io/coreos/etcd:latest", "quay.io/coreos/etcd:latest"),
        ("my_repo/a__b-c--d.e", "docker.io/my_repo/a__b-c--d.e:latest", "my_repo/a__b-c--d.e:latest"),
    ])
    func normalisesLikeDocker(input: String, full: String, familiar: String) throws {
        let reference = try ImageReference(parsing: input)
        #expect(reference.description == full)
        #expect(reference.familiarDescription == familiar)
    }

    @Test func aPortIsNotATag() throws {
        let reference = try ImageReference(parsing: "localhost:5000/web")
        #expect(reference.domain == "localhost:5000")
        #expect(reference.tag == "latest")
    }

    @Test(arguments: [
        ("", "is empty"),
        ("Web", "path component 'Web' is not lowercase"),
        ("web:", "tag '' is not"),
        ("web:-x", "tag '-x' is not"),
        ("web@sha256:abc", "digest 'sha256:abc' is not"),
        ("a//b", "has an empty path component"),
        ("web/", "has an empty path component"),
        ("localhost:99999999/web", "registry 'localhost:99999999' is not HOST[:PORT]"),
        ("web.-x/app", "registry 'web.-x' is not"),
        ("a..b", "path component 'a..b' is not"),
    ])
    func rejects(input: String, reason: String) {
        #expect {
            try ImageReference(parsing: input)
        } throws: { error in
            guard let error = error as? ImageReferenceError else { return false }
            return error.description.hasPrefix("image reference '\(input)': \(reason)")
        }
    }
}
