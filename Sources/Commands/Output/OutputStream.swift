import Glibc

/// A buffered writer on a file descriptor (stdout or stderr).
///
/// Its own `FILE` rather than the C library's `stdout` global, which Swift 6
/// rejects as shared mutable state; everything a command prints goes through
/// one of these, so the order of lines is kept.
public final class OutputStream {
    private let file: UnsafeMutablePointer<FILE>?

    private init(descriptor: Int32) {
        file = fdopen(dup(descriptor), "w")
    }

    deinit {
        if let file { fclose(file) }
    }

    public static func standardOutput() -> OutputStream { OutputStream(descriptor: 1) }
    public static func standardError() -> OutputStream { OutputStream(descriptor: 2) }

    /// Writes bytes as they are (binary-safe).
    public func write(_ bytes: UnsafeRawBufferPointer) {
        guard let file, let base = bytes.baseAddress, !bytes.isEmpty else { return }
        _ = fwrite(base, 1, bytes.count, file)
    }

    /// Writes text.
    public func write(_ text: String) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// Writes text and a newline.
    public func line(_ text: String) {
        write(text)
        write("\n")
    }

    public func flush() {
        if let file { fflush(file) }
    }
}
