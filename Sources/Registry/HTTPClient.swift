import CCurl
import Syscalls

/// Where a 2xx body goes: the status (200, or 206 for a range) and each chunk.
public typealias HTTPSink = (_ status: Int, _ chunk: UnsafeRawBufferPointer) throws -> Void

/// One HTTP request of the registry client.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    /// Extra request headers, in order.
    public var headers: [(name: String, value: String)]
    /// Ask for the body from this byte on (`Range: bytes=N-`), to resume a download.
    public var resumeFrom: Int64?
    /// A PEM file of CA certificates to trust instead of the system store
    /// (a registry's `certs.d/HOST:PORT/ca.crt`).
    public var caFile: String?

    public init(
        method: String = "GET", url: String, headers: [(name: String, value: String)] = [],
        resumeFrom: Int64? = nil, caFile: String? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.resumeFrom = resumeFrom
        self.caFile = caFile
    }
}

/// The final response to a request, after redirects.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header lines of the final response; names lowercased.
    public var headers: [(name: String, value: String)]
    /// The body, when the request had no sink or the status was not 2xx
    /// (kept to at most `HTTPClient.collectLimit` bytes).
    public var body: [UInt8]
    /// The URL that answered, after redirects.
    public var url: String

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name == wanted }?.value
    }

    /// Every value of header `name` (case-insensitive), in order.
    public func headers(named name: String) -> [String] {
        let wanted = name.lowercased()
        return headers.filter { $0.name == wanted }.map(\.value)
    }

    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// A failed transfer (no response, or a sink that failed): what, where, why.
public struct HTTPError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    /// libcurl's CURLcode, 0 when the failure is not libcurl's.
    public var curlCode: Int32

    public init(_ message: String, curlCode: Int32 = 0) {
        self.message = message
        self.curlCode = curlCode
    }

    public var description: String { message }

    /// The TLS handshake or certificate check failed (CURLE_SSL_CONNECT_ERROR,
    /// CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT…): the server may
    /// speak plain HTTP, or its certificate is not trusted.
    public var isTLSFailure: Bool { [35, 51, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91].contains(curlCode) }
}

/// An HTTP(S) client over libcurl, loaded with dlopen on first use (see
/// `swctl_curl.h`): proxies from the usual environment variables
/// (`ProxySettings`), the system CA store unless a request
/// names its own, HTTP and HTTPS only, redirects followed.
///
/// One client holds one libcurl handle and reuses its connections; it is
/// not thread-safe, so each worker thread makes its own.
public final class HTTPClient {
    private var handle: UnsafeMutableRawPointer
    /// libcurl writes its error text here during a transfer: memory that
    /// does not move, unlike an array's storage.
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// The CA file the handle was set up with (nil: the system store).
    private var caFile: String?

    /// Bodies collected in memory (manifests, tokens, error documents) stop here.
    public static let collectLimit = 8 << 20
    /// Set on every request, so libcurl's own reading of the environment
    /// never applies.
    public let proxies: ProxySettings

    public init(proxies: ProxySettings = ProxySettings(environment: ProcessEnvironment.current())) throws(HTTPError) {
        self.proxies = proxies
        try HTTPClient.loadLibrary()
        errorBuffer = .allocate(capacity: Int(SWCTL_CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(SWCTL_CURL_ERROR_SIZE))
        guard let handle = swctl_curl_easy_new(errorBuffer) else {
            errorBuffer.deallocate()
            throw HTTPError("make a libcurl handle: curl_easy_init failed")
        }
        self.handle = handle
    }

    deinit {
        swctl_curl_easy_free(handle)
        errorBuffer.deallocate()
    }

    /// Sets the handle up for `path` as the CA file. Back to the system
    /// store takes a fresh handle: libcurl has no "unset" for CURLOPT_CAINFO
    /// that restores its built-in default.
    private func useCAFile(_ path: String?) throws(HTTPError) -> Int32 {
        guard path != caFile else { return 0 }
        if path == nil {
            guard let fresh = swctl_curl_easy_new(errorBuffer) else {
                throw HTTPError("make a libcurl handle: curl_easy_init failed")
            }
            swctl_curl_easy_free(handle)
            handle = fresh
            caFile = nil
            return 0
        }
        caFile = path
        return swctl_curl_set_ca_file(handle, path)
    }

    /// Loads libcurl once; the error says what to install.
    public static func loadLibrary() throws(HTTPError) {
        var reason = [CChar](repeating: 0, count: 512)
        let status = reason.withUnsafeMutableBufferPointer { swctl_curl_load($0.baseAddress, $0.count) }
        guard status == 0 else {
            let text = String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw HTTPError(
                "load libcurl.so.4 for registry access (\(text)): install libcurl4 (apt-get install libcurl4)")
        }
    }

    /// libcurl's version line, e.g. `libcurl/7.88.1 OpenSSL/3.0.15 …`.
    public static var libraryVersion: String? {
        guard (try? loadLibrary()) != nil, let text = swctl_curl_version() else { return nil }
        return String(cString: text)
    }

    /// Performs `request`. A 2xx body goes to `sink` chunk by chunk, with
    /// the status, when one is given (an error it throws aborts the transfer
    /// and is rethrown); otherwise, and for every other status, the body is
    /// collected.
    public func perform(
        _ request: HTTPRequest, sink: HTTPSink? = nil
    ) throws -> HTTPResponse {
        let transfer = Transfer(sink: sink)
        var lines: UnsafeMutableRawPointer?
        defer { if let lines { swctl_curl_slist_free(lines) } }
        var allHeaders = request.headers
        if let offset = request.resumeFrom, offset > 0 { allHeaders.append(("Range", "bytes=\(offset)-")) }
        for (name, value) in allHeaders {
            guard let appended = swctl_curl_slist_append(lines, "\(name): \(value)") else {
                throw HTTPError("\(request.method) \(request.url): out of memory for the request headers")
            }
            lines = appended
        }
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        var code = try useCAFile(request.caFile)
        if code == 0 { code = swctl_curl_set_url(handle, request.url) }
        if code == 0 { code = swctl_curl_set_proxy(handle, proxies.proxy(for: request.url), proxies.noProxy) }
        if code == 0 { code = swctl_curl_set_method(handle, request.method) }
        if code == 0 { code = swctl_curl_set_headers(handle, lines) }
        if code == 0 { code = swctl_curl_set_timeouts(handle, 30, 1, 60) }
        if code == 0 { code = swctl_curl_set_user_agent(handle, "swctl") }
        if code == 0 { code = swctl_curl_set_header_callback(handle, headerCallback, context) }
        if code == 0 { code = swctl_curl_set_body_callback(handle, bodyCallback, context) }
        guard code == 0 else { throw failure(request, code) }
        errorBuffer[0] = 0
        code = withExtendedLifetime(transfer) { swctl_curl_easy_perform(handle) }
        if let error = transfer.sinkError { throw error }
        guard code == 0 else { throw failure(request, code) }
        let url = swctl_curl_effective_url(handle).map { String(cString: $0) } ?? request.url
        return HTTPResponse(
            status: Int(swctl_curl_response_code(handle)), headers: transfer.headers, body: transfer.body, url: url)
    }

    private func failure(_ request: HTTPRequest, _ code: Int32) -> HTTPError {
        let reason = swctl_curl_strerror(code).map { String(cString: $0) } ?? "curl error \(code)"
        let detail = String(cString: errorBuffer)
        let text = detail.isEmpty || detail == reason ? reason : "\(reason): \(detail)"
        return HTTPError("\(request.method) \(request.url): \(text)", curlCode: code)
    }
}

/// The state of one transfer, reached from libcurl's callbacks.
private final class Transfer {
    let sink: HTTPSink?
    var status = 0
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []
    var sinkError: (any Error)?

    init(sink: HTTPSink?) { self.sink = sink }

    func header(_ line: UnsafeRawBufferPointer) {
        var text = Substring(String(decoding: line, as: UTF8.self))
        while let last = text.last, last.isNewline { text = text.dropLast() }
        if text.hasPrefix("HTTP/") {
            // A new response (after a redirect or a 100 Continue): start over.
            let fields = text.split(separator: " ", maxSplits: 2)
            status = fields.count > 1 ? Int(fields[1]) ?? 0 : 0
            headers = []
            body = []
            return
        }
        guard let colon = text.firstIndex(of: ":") else { return }
        let name = text[..<colon].lowercased()
        let value = text[text.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
        headers.append((name, String(value)))
    }

    /// false aborts the transfer.
    func data(_ chunk: UnsafeRawBufferPointer) -> Bool {
        if let sink, (200..<300).contains(status) {
            do {
                try sink(status, chunk)
            } catch {
                sinkError = error
                return false
            }
            return true
        }
        let room = HTTPClient.collectLimit - body.count
        if room > 0 { body.append(contentsOf: chunk.prefix(room)) }
        return true
    }
}

private let headerCallback: swctl_curl_data_fn = { data, size, count, context in
    guard let data, let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    transfer.header(UnsafeRawBufferPointer(start: data, count: size * count))
    return size * count
}

private let bodyCallback: swctl_curl_data_fn = { data, size, count, context in
    guard let data, let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.data(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
}
