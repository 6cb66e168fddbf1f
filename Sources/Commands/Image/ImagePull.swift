import ArgumentParser
import ImageSpec
import ImageStore
import Registry
import Syscalls

#if canImport(Glibc)
    import Glibc
#endif

/// `swctl image pull REF`.
struct ImagePull: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Pull an image from a registry.",
        discussion: """
            Fetches the manifest (the host's platform from a multi-platform index), the \
            config and the layers over the OCI distribution API, verifies every blob's \
            sha256, unpacks the layers and names the image. Layers download in parallel; \
            an interrupted pull resumes where it stopped. A reference with @sha256:… is \
            pinned: the manifest must hash to it.

            HTTPS with the system CA store; a registry's own CA in \
            /etc/swctl/certs.d/HOST:PORT/ca.crt. Plain HTTP only for localhost, 127.0.0.0/8 \
            and ::1, or a registry listed in /etc/swctl/registries.conf \
            ([[registry]] location = "HOST:PORT", insecure = true). Credentials from \
            $REGISTRY_AUTH_FILE, /run/containers/0/auth.json, /etc/swctl/auth.json or \
            ~/.docker/config.json (the first that has the registry).

            Examples:
              swctl image pull localhost:5000/web:1
              swctl image pull -q registry.example/team/app@sha256:…
            """)

    @Argument(help: "The image, [REGISTRY/]REPOSITORY[:TAG][@DIGEST].")
    var reference: String

    @Flag(name: .shortAndLong, help: "Print only the digest.")
    var quiet = false

    @Option(help: "The platform to pull from a multi-platform image, OS/ARCH[/VARIANT].")
    var platform: String?

    func run() throws {
        let parsed = try parseImageReference(reference)
        var chosen = Platform.host
        if let platform {
            guard let value = Platform(parsing: platform) else {
                throw CommandFailure(.usage, "pull: --platform '\(platform)' is not OS/ARCH[/VARIANT]")
            }
            chosen = value
        }
        let observer: any PullObserver
        if quiet {
            observer = SilentPullObserver()
        } else if isatty(STDERR_FILENO) == 1 {
            observer = PullProgress(redraw: true)
        } else {
            observer = PullProgress(redraw: false)
        }
        let pulled: PulledImage
        do {
            let configuration = try RegistryConfiguration.load(environment: ProcessEnvironment.current())
            pulled = try ImagePuller(store: currentImageStore(), configuration: configuration, platform: chosen)
                .pull(parsed, observer: observer)
        } catch {
            throw pullFailure(error)
        }
        (observer as? PullProgress)?.finish()
        let out = OutputStream.standardOutput()
        if quiet {
            out.line(pulled.digest)
        } else {
            out.line("Digest: \(pulled.digest)")
            out.line(
                pulled.downloadedLayers > 0
                    ? "Status: Downloaded newer image for \(parsed.familiarDescription)"
                    : "Status: Image is up to date for \(parsed.familiarDescription)")
        }
        out.flush()
    }
}

/// Maps a pull error to a failure: refused credentials to `permissionDenied`.
func pullFailure(_ error: RegistryError) -> CommandFailure {
    if error.status == 401 || error.status == 403 { return CommandFailure(.permissionDenied, error.description) }
    if error.message.contains("EACCES") || error.message.contains("EPERM") {
        return CommandFailure(.permissionDenied, error.description)
    }
    return CommandFailure(.failure, error.description)
}
