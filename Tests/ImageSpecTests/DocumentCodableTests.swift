import ImageSpec
import JSON
import Testing

@Suite struct DocumentCodableTests {
    /// The shape `docker save` / a registry serves for a Docker schema2 manifest.
    @Test func decodesDockerSchema2Manifest() throws {
        let text = """
            {"schemaVersion": 2,
             "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
             "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1457,
                        "digest": "sha256:\(String(repeating: "1", count: 64))"},
             "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 2222,
                         "digest": "sha256:\(String(repeating: "2", count: 64))"}]}
            """
        let manifest = try JSONDecoder().decode(Manifest.self, from: text)
        #expect(MediaType.isManifest(manifest.mediaType ?? ""))
        #expect(manifest.config.size == 1457)
        #expect(manifest.layers.map { MediaType.layerCompression($0.mediaType) } == [.gzip])
    }

    @Test func decodesOCIIndexWithPlatforms() throws {
        let text = """
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
             "manifests": [
               {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 10, "digest": "sha256:a",
                "platform": {"architecture": "arm", "os": "linux", "variant": "v7"}},
               {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 11, "digest": "sha256:b",
                "platform": {"architecture": "amd64", "os": "linux", "os.version": "6.1"},
                "annotations": {"org.opencontainers.image.ref.name": "1"}}]}
            """
        let index = try JSONDecoder().decode(Index.self, from: text)
        #expect(MediaType.isIndex(index.mediaType ?? ""))
        #expect(index.manifests[0].platform?.description == "linux/arm/v7")
        #expect(index.manifests[1].platform?.osVersion == "6.1")
        #expect(index.manifests[1].annotations?[Descriptor.refNameAnnotation] == "1")
        let host = Platform(architecture: "amd64", os: "linux")
        #expect(Platform.best(of: index.manifests, for: host)?.digest == "sha256:b")
    }

    /// An image configuration with every run default a container uses.
    @Test func decodesImageConfigRunDefaults() throws {
        let text = """
            {"architecture": "amd64", "os": "linux", "created": "2024-01-01T00:00:00Z",
             "config": {"User": "101:101", "ExposedPorts": {"80/tcp": {}, "443/tcp": {}},
                        "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "NGINX_VERSION=1.25.3"],
                        "Entrypoint": ["/docker-entrypoint.sh"], "Cmd": ["nginx", "-g", "daemon off;"],
                        "WorkingDir": "/srv", "Labels": {"maintainer": "NGINX"}, "StopSignal": "SIGQUIT",
                        "Volumes": {"/data": {}}, "ArgsEscaped": true, "OnBuild": null},
             "rootfs": {"type": "layers", "diff_ids": ["sha256:\(String(repeating: "3", count: 64))"]},
             "history": [{"created": "2024-01-01T00:00:00Z", "created_by": "ADD rootfs /", "empty_layer": false}]}
            """
        let config = try JSONDecoder().decode(ImageConfig.self, from: text)
        let run = try #require(config.config)
        #expect(run.user == "101:101")
        #expect(run.exposedPorts.map { Set($0.keys) } == ["80/tcp", "443/tcp"])
        #expect(run.env?.last == "NGINX_VERSION=1.25.3")
        #expect(run.entrypoint == ["/docker-entrypoint.sh"])
        #expect(run.cmd == ["nginx", "-g", "daemon off;"])
        #expect(run.workingDir == "/srv")
        #expect(run.labels == ["maintainer": "NGINX"])
        #expect(run.stopSignal == "SIGQUIT")
        #expect(run.volumes.map { Array($0.keys) } == ["/data"])
        #expect(config.rootfs.diffIDs.count == 1)
        #expect(config.history?.first?.createdBy == "ADD rootfs /")
        #expect(config.platform == Platform(architecture: "amd64", os: "linux"))
    }

    /// Encoding keeps the spec's key names, so the document round-trips.
    @Test func imageConfigRoundTrips() throws {
        let config = ImageConfig(
            architecture: "amd64", os: "linux",
            config: RunConfig(exposedPorts: ["80/tcp": EmptyObject()], cmd: ["/bin/sh"], workingDir: "/"),
            rootfs: RootFS(diffIDs: ["sha256:x"]))
        let text = try JSONEncoder().encodeToString(config)
        #expect(text.contains("\"diff_ids\""))
        #expect(text.contains("\"ExposedPorts\""))
        #expect(try JSONDecoder().decode(ImageConfig.self, from: text) == config)
    }
}
