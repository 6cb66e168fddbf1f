// swctl-init: the minimal init a `RunInit=yes` container runs as PID 1.
//
//   /run/swctl/init [--] COMMAND [ARG...]
//
// Starts COMMAND in a process group of its own, forwards every signal it
// receives to that group, reaps every process that ends in the container
// (orphans are re-parented to PID 1) and exits with COMMAND's status: its
// exit code, or 128+N when signal N ended it, as a shell reports it.
//
// Bind-mounted read-only into containers whose images may have any libc or
// none, so it is linked statically and uses only libc.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

// The package links executables through the Swift driver, which always adds
// the Swift runtime's image registration (swiftrt.o). This program has no
// Swift code to register: defining the one function that object calls keeps
// the static Swift runtime (megabytes) out of the binary.
void swift_addNewDSOImage(const void *image) { (void)image; }

// Signals the kernel raises on a fault of this process: left unblocked so a
// bug here ends it instead of looping.
static int is_synchronous(int sig) {
    return sig == SIGFPE || sig == SIGILL || sig == SIGSEGV || sig == SIGBUS || sig == SIGABRT ||
           sig == SIGTRAP || sig == SIGSYS;
}

static void fail(const char *what, const char *object) {
    fprintf(stderr, "swctl-init: %s %s: %s\n", what, object, strerror(errno));
}

// The child: its own process group (so a forwarded signal reaches everything
// it starts), the terminal's foreground group if it has one, the signal
// state it would have without us, then COMMAND.
static void run_child(char **command, const sigset_t *original) {
    setpgid(0, 0);
    if (isatty(STDIN_FILENO)) {
        // tcsetpgrp from a background group raises SIGTTOU: ignore it meanwhile.
        signal(SIGTTOU, SIG_IGN);
        tcsetpgrp(STDIN_FILENO, getpgrp());
        signal(SIGTTOU, SIG_DFL);
    }
    sigprocmask(SIG_SETMASK, original, NULL);
    execvp(command[0], command);
    int code = errno == ENOENT ? 127 : 126;
    fail("exec", command[0]);
    _exit(code);
}

int main(int argc, char **argv) {
    int first = 1;
    if (first < argc && strcmp(argv[first], "--") == 0) first++;
    if (first >= argc) {
        fprintf(stderr, "usage: swctl-init [--] COMMAND [ARG...]\n");
        return 2;
    }
    char **command = argv + first;

    // Not PID 1 (a shared PID namespace): orphans still come to us.
    if (getpid() != 1) prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);

    // Every signal blocked and read with sigwaitinfo: PID 1 of a PID
    // namespace ignores signals it has no handler for, but blocked ones
    // stay pending until read.
    sigset_t all, original;
    sigfillset(&all);
    for (int sig = 1; sig < NSIG; sig++) {
        if (is_synchronous(sig)) sigdelset(&all, sig);
    }
    sigprocmask(SIG_SETMASK, &all, &original);

    pid_t child = fork();
    if (child < 0) {
        fail("fork for", command[0]);
        return 126;
    }
    if (child == 0) run_child(command, &original);
    // Also here: whichever of parent and child runs first, the group exists
    // before the first signal is forwarded to it.
    setpgid(child, child);

    for (;;) {
        siginfo_t info;
        int sig = sigwaitinfo(&all, &info);
        if (sig < 0) {
            if (errno == EINTR) continue;
            fail("wait for signals in", "init");
            return 126;
        }
        if (sig != SIGCHLD) {
            // To the child's group; if the child has left it (setsid), to the child.
            if (kill(-child, sig) < 0 && errno == ESRCH) kill(child, sig);
            continue;
        }
        // Reap everything that has ended: the child, and orphans.
        for (;;) {
            int status;
            pid_t ended = waitpid(-1, &status, WNOHANG);
            if (ended <= 0) break;
            if (ended != child) continue;
            if (WIFEXITED(status)) return WEXITSTATUS(status);
            if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
        }
    }
}
