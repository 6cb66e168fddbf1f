/// The proxies a pull goes through, from the variables every HTTP tool
/// reads: `https_proxy`/`HTTPS_PROXY` for HTTPS, `http_proxy`/`HTTP_PROXY`
/// for plain HTTP (libcurl alone ignores the upper-case one, a CGI
/// precaution that means nothing here; Docker honours it), `all_proxy` for
/// both, and `no_proxy`/`NO_PROXY` for the hosts to reach directly. Read
/// from the configuration's environment and handed to libcurl explicitly,
/// so what applies is exactly what `swctl` was given.
public struct ProxySettings: Sendable, Equatable {
    public var http: String?
    public var https: String?
    public var noProxy: String?

    public init(http: String? = nil, https: String? = nil, noProxy: String? = nil) {
        self.http = http
        self.https = https
        self.noProxy = noProxy
    }

    public init(environment: [String: String]) {
        func first(_ names: String...) -> String? {
            names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        }
        let all = first("all_proxy", "ALL_PROXY")
        self.init(
            http: first("http_proxy", "HTTP_PROXY") ?? all, https: first("https_proxy", "HTTPS_PROXY") ?? all,
            noProxy: first("no_proxy", "NO_PROXY"))
    }

    /// The proxy for `url`, "" for a direct connection.
    public func proxy(for url: String) -> String {
        (url.lowercased().hasPrefix("https:") ? https : http) ?? ""
    }
}
