// Pseudo-terminals for `process.terminal`: ioctl(2) is variadic, and Swift
// calls a variadic C function through a va_list it builds on the heap,
// which the container's init may not do between clone and exec.
#pragma once

/// ioctl(TIOCSPTLCK, 0): unlocks the pty so its peer can be opened.
int swctl_pty_unlock(int master);

/// ioctl(TIOCGPTPEER, flags): opens the pty's peer (the slave) from the
/// master, without a path lookup in /dev/pts (Linux 4.13).
int swctl_pty_open_peer(int master, int flags);

/// ioctl(TIOCGPTN): the pty's number in its devpts instance (/dev/pts/N).
int swctl_pty_number(int master, unsigned int *number);

/// ioctl(TIOCSWINSZ): the terminal's size in rows and columns.
int swctl_pty_set_size(int fd, unsigned short rows, unsigned short columns);

/// ioctl(TIOCSCTTY, 0): makes the terminal the session's controlling one.
int swctl_pty_make_controlling(int fd);

/// ioctl(TIOCGWINSZ): the terminal's size, for a foreground run that
/// gives the container's terminal the size of its own.
int swctl_pty_get_size(int fd, unsigned short *rows, unsigned short *columns);

/// signalfd(2) over `count` signals (which the caller has blocked),
/// close-on-exec: sigset_t is built with macros Swift cannot call.
int swctl_signalfd(const int *signals, int count);
