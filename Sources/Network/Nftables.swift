import CNftables
import Glibc

/// libnftables: runs nft scripts in the calling thread's network
/// namespace, each as one atomic transaction (all of it or nothing).
public final class Nftables {
    private let api: API
    private let context: OpaquePointer

    public init() throws(NetworkError) {
        let api = try API.shared()
        guard let context = api.newContext(UInt32(NFT_CTX_DEFAULT)) else {
            throw NetworkError("open nftables: out of memory")
        }
        // Collect output and errors instead of printing them.
        _ = api.bufferOutput(context)
        _ = api.bufferError(context)
        self.api = api
        self.context = context
    }

    deinit { api.freeContext(context) }

    /// Runs `script`; `operation` names it in the error, followed by nft's
    /// own first error line.
    public func run(_ script: String, operation: @autoclosure () -> String) throws(NetworkError) {
        guard api.runBuffer(context, script) != 0 else { return }
        let errors = api.errorBuffer(context).map { String(cString: $0) } ?? ""
        let first = errors.split(separator: "\n").first.map(String.init) ?? "failed"
        throw NetworkError("\(operation()): nft: \(first.lowercased())")
    }

    /// Runs `script` and returns what it printed (e.g. a `list` command).
    public func output(_ script: String, operation: @autoclosure () -> String) throws(NetworkError) -> String {
        try run(script, operation: operation())
        return api.outputBuffer(context).map { String(cString: $0) } ?? ""
    }
}

extension Nftables {
    /// The libnftables functions, resolved once (the handle is never closed).
    private struct API: @unchecked Sendable {
        typealias NewContext = @convention(c) (UInt32) -> OpaquePointer?
        typealias FreeContext = @convention(c) (OpaquePointer) -> Void
        typealias Buffer = @convention(c) (OpaquePointer) -> Int32
        typealias GetBuffer = @convention(c) (OpaquePointer) -> UnsafePointer<CChar>?
        typealias RunBuffer = @convention(c) (OpaquePointer, UnsafePointer<CChar>) -> Int32

        let newContext: NewContext
        let freeContext: FreeContext
        let bufferOutput: Buffer
        let bufferError: Buffer
        let outputBuffer: GetBuffer
        let errorBuffer: GetBuffer
        let runBuffer: RunBuffer

        static let library = "libnftables.so.1"

        static func shared() throws(NetworkError) -> API {
            switch loaded {
            case .success(let api): return api
            case .failure(let error): throw error
            }
        }

        private static let loaded: Result<API, NetworkError> = {
            guard let handle = dlopen(library, RTLD_NOW | RTLD_LOCAL) else {
                let reason = dlerror().map { String(cString: $0) } ?? library
                return .failure(
                    NetworkError("load \(library) for nftables rules (\(reason); apt-get install libnftables1)"))
            }
            func symbol<T>(_ name: String, _: T.Type) -> T? {
                dlsym(handle, name).map { unsafeBitCast($0, to: T.self) }
            }
            guard let newContext = symbol("nft_ctx_new", NewContext.self),
                let freeContext = symbol("nft_ctx_free", FreeContext.self),
                let bufferOutput = symbol("nft_ctx_buffer_output", Buffer.self),
                let bufferError = symbol("nft_ctx_buffer_error", Buffer.self),
                let outputBuffer = symbol("nft_ctx_get_output_buffer", GetBuffer.self),
                let errorBuffer = symbol("nft_ctx_get_error_buffer", GetBuffer.self),
                let runBuffer = symbol("nft_run_cmd_from_buffer", RunBuffer.self)
            else {
                return .failure(NetworkError("load \(library): a function of libnftables 1.0 is missing"))
            }
            return .success(
                API(
                    newContext: newContext, freeContext: freeContext, bufferOutput: bufferOutput,
                    bufferError: bufferError, outputBuffer: outputBuffer, errorBuffer: errorBuffer,
                    runBuffer: runBuffer))
        }()
    }
}
