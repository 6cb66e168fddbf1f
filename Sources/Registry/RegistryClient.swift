import ImageSpec
import JSON

/// The OCI distribution API for pulling one repository: the ping that picks
/// the scheme, authentication (anonymous or with credentials; Bearer tokens
/// and Basic), manifests and blobs. Not thread-safe: each download thread
/// makes its own client on the shared `RegistryEndpoint`.
public final class RegistryClient {
    public private(set) var endpoint: RegistryEndpoint
    public let configuration: RegistryConfiguration
    let http: HTTPClient
    /// What the last request answered; its text for error messages.
    private let subject: String

    /// A client for `endpoint` (from another client's `connect`).
    public init(endpoint: RegistryEndpoint, configuration: RegistryConfiguration, subject: String)
        throws(RegistryError)
    {
        self.endpoint = endpoint
        self.configuration = configuration
        self.subject = subject
        do {
            http = try HTTPClient(proxies: ProxySettings(environment: configuration.environment))
        } catch {
            throw RegistryError(error.message)
        }
    }

    /// Pings the registry of `reference` (`GET /v2/`) and authenticates for
    /// pulling from its repository. HTTPS first; plain HTTP only when
    /// `configuration` allows it for that registry (loopback, or listed as
    /// insecure) and the HTTPS attempt failed at the connection.
    public static func connect(
        _ reference: ImageReference, configuration: RegistryConfiguration
    ) throws(RegistryError) -> RegistryClient {
        let subject = "pull \(reference.familiarDescription)"
        let domain = reference.domain
        var endpoint = RegistryEndpoint(
            domain: domain, repository: reference.path, baseURL: "", caFile: configuration.caFile(for: domain),
            authorization: nil)
        let client = try RegistryClient(endpoint: endpoint, configuration: configuration, subject: subject)
        var schemes = ["https"]
        if configuration.allowsPlainHTTP(domain) { schemes.append("http") }
        var response: HTTPResponse?
        var firstError: HTTPError?
        for scheme in schemes {
            let url = RegistryEndpoint.pingURL(domain: domain, scheme: scheme)
            do {
                let answer = try client.http.perform(HTTPRequest(url: url, caFile: endpoint.caFile))
                // Plain HTTP to a TLS port answers 400: keep the HTTPS error then.
                guard answer.isSuccess || answer.status == 401 || firstError == nil else { continue }
                response = answer
                endpoint.baseURL = "\(scheme)://\(RegistryEndpoint.apiHost(for: domain))"
                break
            } catch let error as HTTPError {
                if firstError == nil { firstError = error }
            } catch {
                throw RegistryError("\(subject): \(error)")
            }
        }
        guard let response else {
            let reason = firstError?.message ?? "no answer"
            var hint = ""
            if firstError?.isTLSFailure == true {
                hint =
                    " (a registry with its own CA: put the CA in \(configuration.configRoot)/certs.d/\(domain)/ca.crt"
                if !configuration.allowsPlainHTTP(domain) {
                    hint += "; a plain-HTTP one: list it as insecure in \(configuration.configRoot)/registries.conf"
                }
                hint += ")"
            }
            throw RegistryError("\(subject): \(reason)\(hint)")
        }
        client.endpoint = endpoint
        switch response.status {
        case 200..<300:
            break
        case 401:
            try client.authenticate(challenges: response.headers(named: "www-authenticate"))
        default:
            throw RegistryError(
                "\(subject): \(endpoint.baseURL)/v2/ answered \(response.status): not an OCI distribution registry",
                status: response.status)
        }
        return client
    }

    /// Gets a token (Bearer) or builds the header (Basic) from the first
    /// usable challenge, with credentials from the auth files when they
    /// have some for this registry.
    func authenticate(challenges headers: [String]) throws(RegistryError) {
        let challenges = headers.flatMap(AuthChallenge.parse)
        let credentials = try configuration.credentials(domain: endpoint.domain, path: endpoint.repository)
        if let bearer = challenges.first(where: { $0.scheme == "bearer" }), let realm = bearer.realm {
            endpoint.authorization = "Bearer " + (try fetchToken(realm: realm, challenge: bearer, credentials))
            return
        }
        if challenges.contains(where: { $0.scheme == "basic" }) {
            guard let credentials else {
                throw RegistryError(
                    "\(subject): \(endpoint.domain) requires authentication and no credentials for it were found (looked in \(configuration.authFilePaths.joined(separator: ", ")))",
                    status: 401)
            }
            endpoint.authorization = credentials.basicAuthorization
            return
        }
        let offered = challenges.map(\.scheme).joined(separator: ", ")
        throw RegistryError(
            "\(subject): \(endpoint.domain) requires authentication by \(offered.isEmpty ? "an unnamed scheme" : offered), which swctl does not support (Bearer and Basic)",
            status: 401)
    }

    private struct TokenResponse: Decodable {
        var token: String?
        var accessToken: String?
        enum CodingKeys: String, CodingKey {
            case token
            case accessToken = "access_token"
        }
    }

    /// The token service's answer for `repository:PATH:pull` (distribution
    /// token spec), anonymous or with Basic credentials.
    private func fetchToken(realm: String, challenge: AuthChallenge, _ credentials: Credentials?)
        throws(RegistryError) -> String
    {
        var items: [(String, String)] = []
        if let service = challenge.parameters["service"] { items.append(("service", service)) }
        items.append(("scope", "repository:\(endpoint.repository):pull"))
        // The registry's own CA signs the token service only when they share a host.
        let sameHost = realm.hasPrefix("https://\(RegistryEndpoint.apiHost(for: endpoint.domain))/")
        var request = HTTPRequest(url: URLQuery.append(realm, items), caFile: sameHost ? endpoint.caFile : nil)
        if let credentials { request.headers.append(("Authorization", credentials.basicAuthorization)) }
        let response: HTTPResponse
        do {
            response = try http.perform(request)
        } catch {
            throw RegistryError("\(subject): get a token from \(realm): \(error)")
        }
        guard response.isSuccess else {
            let who = credentials == nil ? "anonymous access" : "the credentials for \(endpoint.domain)"
            throw RegistryError(
                "\(subject): authentication failed: the token service \(realm) refused \(who) (\(response.status))",
                status: response.status)
        }
        let decoded: TokenResponse
        do {
            decoded = try JSONDecoder().decode(TokenResponse.self, from: response.body)
        } catch {
            throw RegistryError("\(subject): token from \(realm): \(error)")
        }
        guard let token = decoded.token ?? decoded.accessToken, !token.isEmpty else {
            throw RegistryError("\(subject): token from \(realm): no token in the answer")
        }
        return token
    }

    /// Sends `request` with the endpoint's authorization; on a 401 it
    /// authenticates again once (a token may expire during a long pull).
    func send(_ request: HTTPRequest, sink: HTTPSink? = nil)
        throws(RegistryError) -> HTTPResponse
    {
        var attempt = request
        attempt.caFile = endpoint.caFile
        for round in 0..<2 {
            var withAuth = attempt
            if let authorization = endpoint.authorization { withAuth.headers.append(("Authorization", authorization)) }
            let response: HTTPResponse
            do {
                response = try http.perform(withAuth, sink: sink)
            } catch let error as HTTPError {
                throw RegistryError("\(subject): \(error)", isTransient: true)
            } catch {
                // What the sink threw (the store refused the bytes).
                throw RegistryError("\(subject): \(error)")
            }
            if response.status == 401, round == 0 {
                let hadAuthorization = endpoint.authorization != nil
                try authenticate(challenges: response.headers(named: "www-authenticate"))
                if hadAuthorization || endpoint.authorization != nil { continue }
            }
            return response
        }
        throw RegistryError("\(subject): authentication failed for \(endpoint.domain) (401)", status: 401)
    }

    /// The registry's error for a failed response: `manifest unknown (404)`,
    /// from the distribution error document when there is one.
    func failure(_ response: HTTPResponse, _ what: String) -> RegistryError {
        struct Document: Decodable {
            struct Entry: Decodable {
                var code: String?
                var message: String?
            }
            var errors: [Entry]?
        }
        var reason: String
        let entry = (try? JSONDecoder().decode(Document.self, from: response.body))?.errors?.first
        if let message = entry?.message, !message.isEmpty {
            reason = message
        } else if let code = entry?.code {
            reason = code.lowercased().split(separator: "_").joined(separator: " ")
        } else {
            reason = what
        }
        switch response.status {
        case 401: reason = "authentication failed: \(reason)"
        case 403: reason = "access denied: \(reason)"
        default: break
        }
        return RegistryError("\(subject): \(reason) (\(response.status))", status: response.status)
    }
}
