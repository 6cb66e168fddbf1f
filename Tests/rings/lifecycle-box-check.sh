#!/usr/bin/env bash
# Ring 2 check of the lifecycle keys under the box's systemd:
#   - StopTimeout=3 with a container that ignores SIGTERM: `systemctl stop`
#     takes about 3 s and ends it with SIGKILL; with StopSignal=SIGQUIT (sent
#     first by ExecStop, also ignored) the whole stop still takes the timeout
#     once, not twice;
#   - ReloadSignal=SIGHUP: `systemctl reload` reaches a shell trap, which
#     writes a line to the journal; ReloadCmd= runs in the container and its
#     exit status is the reload's;
#   - RunInit=yes: swctl-init is PID 1, orphans are reaped (no zombie), and
#     SIGTERM from `systemctl stop` reaches the command's trap.
#
#   Tests/rings/lifecycle-box-check.sh LEADER_PID IMAGE
#
# IMAGE is a busybox root filesystem inside the box. Prints `ok - …` /
# `FAIL - …` and `N passed, N failed`; exits 1 when any check failed.
set -uo pipefail

LEADER=${1:?usage: lifecycle-box-check.sh LEADER_PID IMAGE}
IMAGE=${2:?usage: lifecycle-box-check.sh LEADER_PID IMAGE}
# shellcheck source=Tests/rings/box-checks.sh
. "$(dirname "$0")/box-checks.sh"

DEFS=/proc/$LEADER/root/etc/swctl/containers
NAMES="lc-stop lc-quit lc-hup lc-cmd lc-init"
cleanup() {
    for n in $NAMES; do bx systemctl stop "ctr@$n" >/dev/null 2>&1; rm -f "$DEFS/$n.container"; done
    bx systemctl daemon-reload >/dev/null 2>&1
    for n in $NAMES; do bx systemctl reset-failed "ctr@$n" >/dev/null 2>&1; done
}
trap cleanup EXIT
mkdir -p "$DEFS"

define() {
    local name=$1
    shift
    printf '[Container]\nImage=%s\nNetwork=none\n' "$IMAGE" >"$DEFS/$name.container"
    printf '%s\n' "$@" >>"$DEFS/$name.container"
}

# As PID 1 without a handler, the shell ignores SIGTERM and SIGQUIT.
define lc-stop 'Exec=/bin/sh -c "echo started; exec sleep 1000"' 'StopTimeout=3'
define lc-quit 'Exec=/bin/sh -c "echo started; exec sleep 1000"' 'StopTimeout=3' 'StopSignal=SIGQUIT'
define lc-hup "Exec=/bin/sh -c 'trap \"echo reloaded by HUP\" HUP; echo started; while :; do sleep 0.2; done'" \
    'ReloadSignal=SIGHUP'
define lc-cmd 'Exec=/bin/sh -c "echo started; exec sleep 1000"' \
    "ReloadCmd=/bin/sh -c 'echo reloaded by command; test ! -e /fail'"
define lc-init 'RunInit=yes' \
    "Exec=/bin/sh -c 'trap \"echo got TERM; exit 0\" TERM; (sleep 0.2 &); sleep 1; echo zombies=\$(ps -o stat | grep -c ^Z); echo pid1=\$(tr \"\\\\0\" \" \" </proc/1/cmdline); while :; do sleep 0.2; done'"
run systemctl daemon-reload

run systemctl show -P TimeoutStopUSec ctr@lc-stop
check "StopTimeout=3 becomes TimeoutStopSec=3 (systemctl show: $out)" eval '[ "$out" = 3s ]'
run systemctl show -P ExecReload ctr@lc-hup
check "ReloadSignal=SIGHUP becomes ExecReload=swctl kill --signal SIGHUP" has "swctl kill --signal SIGHUP lc-hup" "$out"

started() { run journalctl -u "ctr@$1" -q --no-pager -o cat; has "started" "$out"; }

# The stop time of a container that ignores its stop signals.
stop_seconds() {
    local start end
    start=$(date +%s%N)
    bx systemctl stop "ctr@$1" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}
for name in lc-stop lc-quit; do
    run systemctl start "ctr@$name"
    wait_for 10 started "$name"
done
ms=$(stop_seconds lc-stop)
run systemctl show -P Result ctr@lc-stop
check "a container ignoring SIGTERM stops after StopTimeout=3 (${ms} ms, Result=$out)" \
    eval '[ "$ms" -ge 2800 ] && [ "$ms" -lt 5500 ]'
ms=$(stop_seconds lc-quit)
check "with StopSignal=SIGQUIT ignored too, the stop takes the timeout once (${ms} ms, not 6 s)" \
    eval '[ "$ms" -ge 2800 ] && [ "$ms" -lt 5500 ]'
run systemctl is-active ctr@lc-quit
check "ctr@lc-quit is no longer active after the stop" eval '[ "$out" != active ]'

run systemctl start ctr@lc-hup
wait_for 10 started lc-hup
run systemctl reload ctr@lc-hup
check "systemctl reload ctr@lc-hup succeeds" eval '[ $rc -eq 0 ]'
wait_for 5 eval 'run journalctl -u ctr@lc-hup -q --no-pager -o cat; has "reloaded by HUP" "$out"'
check "the shell's HUP trap ran and wrote to the journal" has "reloaded by HUP" "$out"
run systemctl is-active ctr@lc-hup
check "ctr@lc-hup is still active after the reload" eval '[ "$out" = active ]'

run systemctl start ctr@lc-cmd
wait_for 10 started lc-cmd
run systemctl reload ctr@lc-cmd
check "systemctl reload ctr@lc-cmd (ReloadCmd=) succeeds" eval '[ $rc -eq 0 ]'
wait_for 5 eval 'run journalctl -u ctr@lc-cmd -q --no-pager -o cat; has "reloaded by command" "$out"'
check "ReloadCmd= ran inside the container (its output is in the unit's journal)" has "reloaded by command" "$out"
run swctl exec lc-cmd touch /fail
run systemctl reload ctr@lc-cmd
check "a ReloadCmd= that exits 1 fails the reload" eval '[ $rc -ne 0 ]'

run systemctl start ctr@lc-init
wait_for 10 eval 'run journalctl -u ctr@lc-init -q --no-pager -o cat; has "pid1=" "$out"'
check "RunInit=yes: PID 1 is swctl-init running the command" has "pid1=/run/swctl/init -- /bin/sh -c" "$out"
check "RunInit=yes: the orphan was reaped (no zombie)" has "^zombies=0$" "$out"
ms=$(stop_seconds lc-init)
run journalctl -u ctr@lc-init -q --no-pager -o cat
check "RunInit=yes: SIGTERM reached the command's trap (stopped in ${ms} ms)" \
    eval 'has "got TERM" "$out" && [ "$ms" -lt 2500 ]'

checks_summary
