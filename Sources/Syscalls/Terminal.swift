import CShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Pseudo-terminal calls for the container's init between clone and exec:
/// each works on prepared memory, allocates nothing and returns the errno.
public enum Terminal {
    /// Opens the pty multiplexer at `path` (the container's `/dev/ptmx`),
    /// read-write, not as controlling terminal, close-on-exec.
    public static func openMaster(_ path: UnsafePointer<CChar>) -> Result<Int32, Errno> {
        valueOrErrno { Glibc.open(path, O_RDWR | O_NOCTTY | O_CLOEXEC) }
    }

    /// `unlockpt`: lets the peer be opened.
    public static func unlock(_ master: Int32) -> Errno? {
        errnoIfFailed { swctl_pty_unlock(master) }
    }

    /// Opens the master's peer (the slave side) read-write; close-on-exec,
    /// as it is duplicated onto stdio before exec.
    public static func openPeer(_ master: Int32) -> Result<Int32, Errno> {
        valueOrErrno { swctl_pty_open_peer(master, O_RDWR | O_NOCTTY | O_CLOEXEC) }
    }

    /// Sets the window size (`process.consoleSize`).
    public static func setSize(_ fd: Int32, rows: UInt16, columns: UInt16) -> Errno? {
        errnoIfFailed { swctl_pty_set_size(fd, rows, columns) }
    }

    /// Starts a new session and makes `fd` its controlling terminal.
    public static func becomeControlling(_ fd: Int32) -> Errno? {
        if let error = errnoIfFailed({ setsid() }) { return error }
        return errnoIfFailed { swctl_pty_make_controlling(fd) }
    }

    /// Puts `fd` on stdin, stdout and stderr (without close-on-exec), and
    /// closes it unless it is one of them.
    public static func becomeStandardIO(_ fd: Int32) -> Errno? {
        for target: Int32 in 0...2 where target != fd {
            if let error = errnoIfFailed({ dup2(fd, target) }) { return error }
        }
        if fd > 2 { _ = Glibc.close(fd) }
        return nil
    }

    /// Sends `fd` over a connected Unix socket in SCM_RIGHTS, with `name`
    /// (`length` bytes) as the message, as runc's console socket protocol
    /// does; the receiver gets its own copy of the descriptor.
    public static func sendDescriptor(
        _ fd: Int32, over socket: Int32, name: UnsafePointer<CChar>, length: Int
    ) -> Errno? {
        errnoIfFailed { swctl_send_with_fd(socket, name, length, nil, 0, fd) }
    }

    /// Closes a descriptor (between clone and exec).
    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }
}
