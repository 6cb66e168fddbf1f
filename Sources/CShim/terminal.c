#include "swctl_terminal.h"

#include <signal.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <termios.h>

int swctl_pty_unlock(int master) {
    int unlock = 0;
    return ioctl(master, TIOCSPTLCK, &unlock);
}

int swctl_pty_open_peer(int master, int flags) {
    return ioctl(master, TIOCGPTPEER, flags);
}

int swctl_pty_number(int master, unsigned int *number) {
    return ioctl(master, TIOCGPTN, number);
}

int swctl_pty_set_size(int fd, unsigned short rows, unsigned short columns) {
    struct winsize size = {.ws_row = rows, .ws_col = columns, .ws_xpixel = 0, .ws_ypixel = 0};
    return ioctl(fd, TIOCSWINSZ, &size);
}

int swctl_pty_make_controlling(int fd) {
    return ioctl(fd, TIOCSCTTY, 0);
}

int swctl_pty_get_size(int fd, unsigned short *rows, unsigned short *columns) {
    struct winsize size;
    int result = ioctl(fd, TIOCGWINSZ, &size);
    if (result == 0) {
        *rows = size.ws_row;
        *columns = size.ws_col;
    }
    return result;
}

int swctl_signalfd(const int *signals, int count) {
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < count; i++) sigaddset(&set, signals[i]);
    return signalfd(-1, &set, SFD_CLOEXEC);
}
