import Syscalls

extension InitProcess {
    /// execvp's rules: ENOENT and ENOTDIR move on to the next PATH entry;
    /// EACCES is remembered and reported if nothing runs.
    func execute(_ exec: PreparedExec) -> (Errno, Int32)? {
        var error = Errno.noSuchFileOrDirectory
        var sawAccessDenied = false
        for candidate in exec.candidates {
            let failure = Processes.execute(candidate, arguments: exec.arguments, environment: exec.environment)
            if failure == .permissionDenied {
                sawAccessDenied = true
            } else if failure != .noSuchFileOrDirectory && failure != .notDirectory {
                error = failure
                break
            }
        }
        if sawAccessDenied && error == .noSuchFileOrDirectory { error = .permissionDenied }
        return (error, 0)
    }

    /// What `execute` would fail with, without executing: the same search
    /// with access(X_OK) as the process's own credentials.
    func findExecutable(_ exec: PreparedExec) -> (Errno, Int32)? {
        var error = Errno.noSuchFileOrDirectory
        for candidate in exec.candidates {
            guard let failure = RootedPaths.checkExecutable(candidate) else { return nil }
            if failure == .permissionDenied {
                error = .permissionDenied
            } else if failure != .noSuchFileOrDirectory && failure != .notDirectory {
                return (failure, 0)
            }
        }
        return (error, 0)
    }
}
