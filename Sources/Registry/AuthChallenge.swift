/// One challenge of a `WWW-Authenticate` header (RFC 7235): the scheme and
/// its parameters, e.g. `Bearer realm="https://auth.example/token",
/// service="registry.example",scope="repository:team/app:pull"`.
public struct AuthChallenge: Equatable, Sendable {
    /// Lowercased: `bearer`, `basic`.
    public var scheme: String
    /// Parameter names lowercased, values unquoted.
    public var parameters: [String: String]

    public init(scheme: String, parameters: [String: String] = [:]) {
        self.scheme = scheme
        self.parameters = parameters
    }

    public var realm: String? { parameters["realm"] }

    /// Every challenge in one header value (`Basic realm="x", Bearer realm="y"`
    /// holds two). Malformed parameters are skipped, never fatal: the caller
    /// reports "no usable challenge" instead.
    public static func parse(_ header: String) -> [AuthChallenge] {
        var scanner = Scanner(Array(header.utf8))
        var challenges: [AuthChallenge] = []
        while true {
            scanner.skip { $0 == 0x20 || $0 == 0x09 || $0 == 0x2C }
            let scheme = scanner.token()
            guard !scheme.isEmpty else { break }
            var challenge = AuthChallenge(scheme: scheme.lowercased())
            while true {
                scanner.skip { $0 == 0x20 || $0 == 0x09 || $0 == 0x2C }
                let mark = scanner.index
                let name = scanner.token()
                scanner.skip { $0 == 0x20 || $0 == 0x09 }
                guard !name.isEmpty, scanner.take(0x3D) else {
                    // Not `name=`: the next challenge's scheme (or the end).
                    scanner.index = mark
                    break
                }
                scanner.skip { $0 == 0x20 || $0 == 0x09 }
                challenge.parameters[name.lowercased()] = scanner.peek == 0x22 ? scanner.quoted() : scanner.token()
            }
            challenges.append(challenge)
        }
        return challenges
    }
}

/// A byte cursor for the header grammar.
private struct Scanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skip(while predicate: (UInt8) -> Bool) {
        while let byte = peek, predicate(byte) { index += 1 }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    /// RFC 7230 tchar run (plus `/` and `=`-free base64 characters a token68 uses).
    mutating func token() -> String {
        let start = index
        skip { byte in
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
            case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
                UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"),
                UInt8(ascii: "/"), UInt8(ascii: ":"):
                true
            default: false
            }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// A quoted-string with backslash escapes; the opening quote is at `index`.
    mutating func quoted() -> String {
        index += 1
        var value: [UInt8] = []
        while let byte = peek {
            index += 1
            if byte == 0x22 { break }
            if byte == 0x5C, let next = peek {
                index += 1
                value.append(next)
            } else {
                value.append(byte)
            }
        }
        return String(decoding: value, as: UTF8.self)
    }
}
