import Syscalls

extension Container {
    /// `start`: lets a created container's init exec the process. The init
    /// is blocked opening the exec FIFO for writing; opening it for reading
    /// releases it, and its one byte says it passed the open. Then the
    /// poststart hooks run (their failures are `diagnostics` warnings).
    func start(diagnostics: Diagnostics? = nil) throws(RuntimeError) {
        let state = self.state
        guard state.canStart else { throw .notCreated(record.id, state.ociStatus.rawValue) }
        let path = store.fifo(record.id)
        let fifo: FileDescriptor
        do {
            fifo = try FileDescriptor.open(path, [.readOnly, .nonBlocking])
        } catch {
            throw .system(error)
        }
        defer { fifo.close() }
        do {
            // The init's open returns as soon as a reader exists; its byte
            // follows at once. A dead init never writes: give up then.
            // With startContainer hooks the byte follows them (HooksLifecycle.swift).
            guard try fifo.waitUntilReadable(timeoutMilliseconds: startTimeoutMilliseconds) else {
                throw RuntimeError.notRunning(record.id)
            }
            var byte = [UInt8](repeating: 0, count: 1)
            let count = try byte.withUnsafeMutableBytes { buffer throws(SyscallError) in try fifo.read(into: buffer) }
            guard count == 1 else { throw startFailure }
        } catch let error as RuntimeError {
            throw error
        } catch let error as SyscallError {
            throw .system(error)
        } catch {
            throw .notRunning(record.id)
        }
        var started = record
        started.status = .running
        try? FileSystem.removeFile(path)
        try store.save(started)
        Container(record: started, store: store).runPoststartHooks(
            diagnostics: diagnostics ?? Diagnostics(sink: .standardError))
    }
}
