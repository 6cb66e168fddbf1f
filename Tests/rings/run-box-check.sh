#!/usr/bin/env bash
# Ring 2 checks of `swctl run` against a real systemd: transient definitions
# under /run/swctl/containers become ctr@NAME units, the foreground run shows
# the output and ends with the container's status, -d detaches, --rm removes,
# -it gives a terminal (driven through tmux), bad options are named.
#
#   Tests/rings/run-box-check.sh LEADER_PID IMAGE
#
# LEADER_PID is the box's PID 1 as seen from the host; IMAGE the demo image's
# root file system in the box. tmux must be installed in the box's root (it
# is an overlay of the host's). Prints `ok - …`/`FAIL - …` per check and
# `N passed, N failed`; exits 1 when any check failed.
set -uo pipefail

LEADER=${1:?usage: run-box-check.sh LEADER_PID IMAGE}
IMAGE=${2:?usage: run-box-check.sh LEADER_PID IMAGE}
SWCTL=${SWCTL:-swctl}
# shellcheck source=Tests/rings/box-checks.sh
. "$(dirname "$0")/box-checks.sh"

transient() { bx sh -c "ls /run/swctl/containers 2>/dev/null"; }

# ── foreground: output and exit status ─────────────────────────────────────
run "$SWCTL" run --name fg1 "$IMAGE" sh -c 'echo "out: $0 $#"; echo to-stderr >&2; exit 3' a 'b c'
check "run in the foreground prints the container's output and exits with its status (3)" \
    eval '[ $rc -eq 3 ] && has "^out: a 1$" "$out" && has "^to-stderr$" "$out"'

run systemctl show -P SourcePath ctr@fg1.service
check "the container was the unit ctr@fg1 made from /run/swctl/containers/fg1.container" \
    eval '[ "$out" = /run/swctl/containers/fg1.container ]'

run "$SWCTL" ps -a
check "ps -a lists the ended run container with its result" eval 'has "^fg1 +.* Failed \(exit-code\)" "$out"'

run "$SWCTL" logs fg1
check "logs shows what it wrote" eval 'has "^out: a 1$" "$out"'

run "$SWCTL" run --name fg1 "$IMAGE" true
check "a second run with a name in use fails with 125 and says so" \
    eval '[ $rc -eq 125 ] && has "name .fg1. is in use" "$err"'

run "$SWCTL" rm fg1
check "rm removes the transient definition" eval '[ $rc -eq 0 ] && ! transient | grep -qx fg1.container'
out=$(transient)
check "no fg1 definition is left" eval '! has "^fg1.container$" "$out"'

# ── --rm, generated names, signals ─────────────────────────────────────────
before=$(transient)
run "$SWCTL" run --rm "$IMAGE" sh -c 'echo name=$(hostname); exit 0'
generated=$(sed -n 's/^name=//p' <<<"$out")
check "run --rm with a generated name (adjective-noun) exits 0" \
    eval '[ $rc -eq 0 ] && [[ "$generated" =~ ^[a-z]+-[a-z]+[0-9]*$ ]]'
after=$(transient)
check "run --rm leaves no definition behind" eval '[ "$before" = "$after" ]'
run "$SWCTL" ps -a
check "and ps -a no longer lists $generated" eval '! has "^$generated " "$out"'

# Signals: SIGTERM to `swctl run` reaches the container; a container killed
# by SIGKILL makes run exit 137.
bx rm -f /var/lib/swctl/sig1.out /var/lib/swctl/sig1.rc /var/lib/swctl/sig2.rc
bx sh -c "$SWCTL run --rm --name sig1 $IMAGE sh -c 'trap \"echo got-term; exit 7\" TERM; echo armed; while :; do sleep 0.2; done' >/var/lib/swctl/sig1.out 2>&1; echo \$? >/var/lib/swctl/sig1.rc" &
wait_for 10 bash -c "nsenter -t $LEADER -a grep -q armed /var/lib/swctl/sig1.out 2>/dev/null"
bx pkill -TERM -f "^$SWCTL run --rm --name sig1"
wait_for 10 bash -c "nsenter -t $LEADER -a test -s /var/lib/swctl/sig1.rc"
run cat /var/lib/swctl/sig1.rc /var/lib/swctl/sig1.out
check "SIGTERM to swctl run goes to the container (its trap exits 7, run exits 7)" \
    eval 'has "^7$" "$out" && has "^got-term$" "$out"'

bx sh -c "$SWCTL run --rm --name sig2 $IMAGE sleep 300 >/dev/null 2>&1; echo \$? >/var/lib/swctl/sig2.rc" &
wait_for 10 bash -c "nsenter -t $LEADER -a systemctl is-active -q ctr@sig2.service"
bx "$SWCTL" kill -s KILL sig2 >/dev/null
wait_for 10 bash -c "nsenter -t $LEADER -a test -s /var/lib/swctl/sig2.rc"
run cat /var/lib/swctl/sig2.rc
check "a container killed by SIGKILL: run exits 137 (128+9)" eval '[ "$out" = 137 ]'

run "$SWCTL" run --rm "$IMAGE" /no/such/program
check "a missing command: run fails with 125 and names the unit" eval '[ $rc -eq 125 ] && has "did not start" "$err"'

# ── detached ────────────────────────────────────────────────────────────────
run "$SWCTL" run -d --name bg1 -e GREETING='hi there' "$IMAGE" sh -c 'echo "$GREETING"; exec sleep 300'
check "run -d prints the name and returns at once" eval '[ $rc -eq 0 ] && [ "$out" = bg1 ]'
run systemctl is-active ctr@bg1.service
check "the detached container runs as ctr@bg1.service" eval '[ "$out" = active ]'
wait_for 5 bash -c "nsenter -t $LEADER -a $SWCTL logs bg1 2>/dev/null | grep -qx 'hi there'"
run "$SWCTL" logs bg1
check "its output (with -e) is in the journal" eval 'has "^hi there$" "$out"'
run "$SWCTL" exec bg1 cat /proc/1/comm
check "exec works in it like any container" eval '[ $rc -eq 0 ] && has "sleep" "$out"'
run "$SWCTL" rm bg1
check "rm of a running run container without -f is refused" eval '[ $rc -ne 0 ] && has "running" "$err"'
run "$SWCTL" rm -f bg1
check "rm -f stops and removes it" eval '[ $rc -eq 0 ] && ! bx systemctl is-active -q ctr@bg1.service'

run "$SWCTL" run -d --rm --name bg2 "$IMAGE" sleep 300
run "$SWCTL" stop bg2
out=$(transient)
check "run -d --rm: stopping the unit removes the definition (ExecStopPost)" eval '! has "^bg2.container$" "$out"'

# ── bad options ─────────────────────────────────────────────────────────────
run "$SWCTL" run --memory lots "$IMAGE" true
check "a bad option value is one line naming the option, exit 125, nothing written" \
    eval '[ $rc -eq 125 ] && has "^swctl: run: --memory .lots.: Memory: " "$err" && [ "$(transient)" = "$before" ]'
run "$SWCTL" run -i "$IMAGE" cat
check "-i without -t is refused with a hint" eval '[ $rc -eq 2 ] && has "use -it" "$err"'

# ── -it: a terminal, through tmux ──────────────────────────────────────────
if bx sh -c 'command -v tmux' >/dev/null 2>&1; then
    bx tmux kill-session -t runit 2>/dev/null
    bx tmux new-session -d -s runit -x 100 -y 30 "$SWCTL run -it --rm --name it1 $IMAGE sh; echo run-exit=\$?; sleep 30"
    wait_for 10 bash -c "nsenter -t $LEADER -a systemctl is-active -q ctr@it1.service"
    sleep 1
    bx tmux send-keys -t runit 'tty; stty size; echo $TERM' Enter
    sleep 1
    bx tmux send-keys -t runit 'exit 4' Enter
    wait_for 10 bash -c "nsenter -t $LEADER -a tmux capture-pane -p -t runit | grep -q run-exit="
    screen=$(bx tmux capture-pane -p -t runit)
    check "run -it gives a shell on a pty of its own (/dev/pts/N)" eval 'has "^/dev/pts/[0-9]+" "$screen"'
    check "the terminal has tmux's size (30 100) and TERM=xterm" eval 'has "^30 100" "$screen" && has "^xterm" "$screen"'
    check "exit 4 in the shell: run exits 4" eval 'has "run-exit=4" "$screen"'
    out=$(transient)
    check "-it --rm leaves no definition" eval '! has "^it1.container$" "$out"'
    bx tmux kill-session -t runit 2>/dev/null
else
    echo "# skip: run -it checks need tmux in the box (apt-get install tmux on the host)"
fi

checks_summary
