import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Runs `count` copies of a body on threads of their own and waits for all
/// of them: the parallel layer downloads of a pull. The CLI's commands
/// (`swctl image pull`, `swctl prepare`) may start threads; the runtime
/// never links this module.
enum WorkerThreads {
    private final class Job: Sendable {
        let index: Int
        let body: @Sendable (Int) -> Void
        init(index: Int, body: @escaping @Sendable (Int) -> Void) {
            self.index = index
            self.body = body
        }
    }

    /// Runs `body(0)`…`body(count-1)` in parallel; the calling thread runs
    /// the last one itself. A thread that cannot be created leaves its
    /// share to the calling thread.
    static func run(count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 1 else {
            if count == 1 { body(0) }
            return
        }
        var threads: [pthread_t] = []
        var leftovers: [Int] = []
        for index in 0..<(count - 1) {
            let job = Unmanaged.passRetained(Job(index: index, body: body))
            var thread = pthread_t()
            let result = pthread_create(
                &thread, nil,
                { context in
                    guard let context else { return nil }
                    let job = Unmanaged<Job>.fromOpaque(context).takeRetainedValue()
                    job.body(job.index)
                    return nil
                }, job.toOpaque())
            if result == 0 {
                threads.append(thread)
            } else {
                job.release()
                leftovers.append(index)
            }
        }
        body(count - 1)
        for index in leftovers { body(index) }
        for thread in threads { pthread_join(thread, nil) }
    }
}

/// A queue of work items shared by worker threads, with the first error.
final class WorkQueue<Item: Sendable>: Sendable {
    private let state: Mutex<(next: Int, firstError: RegistryError?)>
    let items: [Item]

    init(_ items: [Item]) {
        self.items = items
        state = Mutex((0, nil))
    }

    /// The next item, or nil when none is left or a worker failed.
    func take() -> Item? {
        state.withLock { state in
            guard state.firstError == nil, state.next < items.count else { return nil }
            defer { state.next += 1 }
            return items[state.next]
        }
    }

    func fail(_ error: RegistryError) {
        state.withLock { state in
            if state.firstError == nil { state.firstError = error }
        }
    }

    var firstError: RegistryError? { state.withLock { $0.firstError } }
}

/// A count shared by worker threads.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
