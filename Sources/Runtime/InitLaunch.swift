import Syscalls

/// A process cloned to run an `InitSequence`, seen from the runtime: it
/// waits on the sync pipe for `release()`, then runs its steps and reports
/// on the error pipe — EOF when it exec'd (the pipe is close-on-exec), a
/// record naming the step when one failed.
struct InitLaunch {
    let pid: Int32
    let pidfd: FileDescriptor?
    /// Born in the cgroup (CLONE_INTO_CGROUP); else the caller moves it.
    let placed: Bool
    private let syncWrite: FileDescriptor
    private let errorRead: FileDescriptor

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
        return InitLaunch(pid: pid, pidfd: pidfd, placed: placed, syncWrite: sync.writeEnd, errorRead: errors.readEnd)
    }

    /// Lets the child go on with its steps.
    func release() throws(RuntimeError) {
        defer { syncWrite.close() }
        do { try syncWrite.writeAll([1]) } catch { throw .system(error) }
    }

    /// Waits until the child exec'd; a failed step becomes the error naming it.
    func waitForExec(_ sequence: InitSequence) throws(RuntimeError) {
        defer { errorRead.close() }
        var failure = InitFailure(step: 0, errno: 0, detail: 0)
        let count = withUnsafeMutableBytes(of: &failure) { buffer in (try? errorRead.read(into: buffer)) ?? 0 }
        guard count != 0 else { return }
        guard count == InitFailure.size else { throw .initStep("process", .invalidArgument) }
        let description =
            Int(failure.step) < sequence.descriptions.count ? sequence.descriptions[Int(failure.step)] : "process"
        throw .initStep(Container.detail(description, failure), Errno(rawValue: failure.errno))
    }
}
