import Syscalls

/// A process cloned to run an `InitSequence`, seen from the runtime: it
/// waits on the sync pipe for `release()`, then runs its steps and reports
/// on the error pipe — EOF when it exec'd (the pipe is close-on-exec), a
/// record naming the step when one failed. Used for a container's init and
/// for `exec`; the pipes' parent ends close with this object.
final class InitLaunch {
    let pid: Int32
    let pidfd: FileDescriptor?
    /// Born in the cgroup (CLONE_INTO_CGROUP); else the caller moves it.
    let placed: Bool
    /// The parent's end of the error pipe: the child's reports.
    let reports: FileDescriptor
    private var syncWrite: FileDescriptor?

    private init(pid: Int32, pidfd: FileDescriptor?, placed: Bool, syncWrite: FileDescriptor, reports: FileDescriptor) {
        self.pid = pid
        self.pidfd = pidfd
        self.placed = placed
        self.syncWrite = syncWrite
        self.reports = reports
    }

    deinit {
        syncWrite?.close()
        reports.close()
    }

    /// Clones the process into `sequence.cloneNamespaces` and `cgroup`; the
    /// child runs the steps and never returns from here.
    static func clone(_ sequence: InitSequence, cgroup: FileDescriptor?, sibling: Bool) throws(RuntimeError)
        -> InitLaunch
    {
        let sync: Pipe
        let errors: Pipe
        do {
            sync = try Pipe()
            errors = try Pipe()
        } catch {
            throw .system(error)
        }
        let fdPathBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: 64)
        let initProcess = InitProcess(
            steps: sequence.steps, syncRead: sync.readEnd, syncWriteOfParent: sync.writeEnd,
            errorWrite: errors.writeEnd, errorReadOfParent: errors.readEnd, fdPathBuffer: fdPathBuffer,
            slash: sequence.arena.string("/"), dot: sequence.arena.string("."),
            devNull: sequence.arena.string("/dev/null"), tmpfs: sequence.arena.string("tmpfs"),
            maskData: sequence.arena.string("size=0"))
        let result: CloneResult
        do {
            result = try Clone.spawn(namespaces: sequence.cloneNamespaces, cgroup: cgroup, sibling: sibling)
        } catch {
            sync.readEnd.close(); sync.writeEnd.close(); errors.readEnd.close(); errors.writeEnd.close()
            fdPathBuffer.deallocate()
            throw .system(error)
        }
        guard case .parent(let pid, let pidfd, let placed) = result else { initProcess.run() }
        fdPathBuffer.deallocate()
        sync.readEnd.close()
        errors.writeEnd.close()
        return InitLaunch(pid: pid, pidfd: pidfd, placed: placed, syncWrite: sync.writeEnd, reports: errors.readEnd)
    }

    /// Lets the child go on with its steps (once; without it the child
    /// sees EOF and exits).
    func release() throws(RuntimeError) {
        guard let syncWrite else { return }
        self.syncWrite = nil
        defer { syncWrite.close() }
        do { try syncWrite.writeAll([1]) } catch { throw .system(error) }
    }

    /// The error a failure record stands for, naming the step.
    static func failure(_ failure: InitFailure, in sequence: InitSequence, fallback: String) -> RuntimeError {
        let description =
            Int(failure.step) < sequence.descriptions.count ? sequence.descriptions[Int(failure.step)] : fallback
        return .initStep(Container.detail(description, failure), Errno(rawValue: failure.errno))
    }

    /// Waits until the child exec'd; a failed step becomes the error naming it.
    func waitForExec(_ sequence: InitSequence) throws(RuntimeError) {
        var failure = InitFailure(step: 0, errno: 0, detail: 0)
        let count = withUnsafeMutableBytes(of: &failure) { buffer in (try? reports.read(into: buffer)) ?? 0 }
        guard count != 0 else { return }
        guard count == InitFailure.size else { throw .initStep("process", .invalidArgument) }
        throw Self.failure(failure, in: sequence, fallback: "process")
    }
}
