#!/usr/bin/env bash
# Ring 2 checks of the swctl CLI against a real systemd and journald: ps,
# status, logs (-n, -t, --since/--until, -f), start, stop, restart, kill and
# the error paths with their exit codes.
#
#   Tests/rings/cli-box-check.sh LEADER_PID [REAL_CONTAINER]
#
# LEADER_PID is the box's PID 1 as seen from the host (the child of
# systemd-nspawn); every command runs inside it with `nsenter -t PID -a`.
# `swctl` must be on the box's PATH (or set SWCTL to its path in the box).
#
# The checks bring their own containers, so they do not depend on images or
# the runtime: definitions under /run/swctl/containers and drop-ins under
# /run/systemd/system/ctr@clichk-*.service.d
# (names carry a random id, so reruns in one box do not see each other's logs) that replace the template's
# commands with shell loops (Type=simple, no prepare/cleanup). They need only
# a `ctr@.service` template; when the box has none, a minimal one is put in
# /run/systemd/system. Everything made is removed at the end.
#
# REAL_CONTAINER, when given, names a defined container run by the real
# template and runtime: it is started, seen Up in ps and status, stopped.
#
# Prints `ok`/`FAIL` per check and a closing `N passed, N failed`; exits 1
# when any check failed.
set -uo pipefail

LEADER=${1:?usage: cli-box-check.sh LEADER_PID [REAL_CONTAINER]}
REAL=${2:-}
SWCTL=${SWCTL:-swctl}
# shellcheck source=Tests/rings/box-checks.sh
. "$(dirname "$0")/box-checks.sh"

ps_all_shows() { bx "$SWCTL" ps -a | grep -qE -- "$1"; }

# ── fixtures ────────────────────────────────────────────────────────────────
# Names new to this run: the journal keeps earlier runs' lines of a name.
ID=$(printf '%04x%04x' $RANDOM $RANDOM)
L=clichk-$ID-lines   # prints "line N" every second
B=clichk-$ID-broken  # its start fails before the container runs (as a failing prepare)
Q=clichk-$ID-quitter # prints "bye", exits 3
I=clichk-$ID-idle    # defined, never started
Y=clichk-$ID-bytes   # prints bytes that are not UTF-8
FIXTURES=("$L" "$B" "$Q" "$I" "$Y")

dropin() {
    local name=$1 body=$2
    bx sh -c "mkdir -p /run/systemd/system/ctr@$name.service.d && cat > /run/systemd/system/ctr@$name.service.d/50-clichk.conf" <<EOF
[Service]
Type=simple
ExecStartPre=
ExecStopPost=
$body
EOF
}

setup() {
    if ! bx systemctl cat ctr@.service >/dev/null 2>&1; then
        bx sh -c 'mkdir -p /run/systemd/system && cat > /run/systemd/system/ctr@.service' <<'EOF'
[Unit]
Description=Container %i
[Service]
ExecStart=/bin/true
SyslogIdentifier=%i
LogExtraFields=CONTAINER_NAME=%i
KillMode=mixed
TimeoutStopSec=10
EOF
    fi
    local n
    for n in "${FIXTURES[@]}"; do
        bx sh -c "mkdir -p /run/swctl/containers && printf '[Container]\nImage=/srv/images/$n\n' > /run/swctl/containers/$n.container"
    done
    dropin "$L" $'ExecStart=\nExecStart=/bin/sh -c \'i=0; while :; do echo line $i; i=$((i+1)); sleep 1; done\''
    dropin "$B" $'ExecStartPre=/bin/sh -c \'echo prepare failed >&2; exit 1\'\nExecStart=\nExecStart=/bin/sleep 1000'
    dropin "$Q" $'ExecStart=\nExecStart=/bin/sh -c \'echo bye; exit 3\''
    dropin "$Y" $'ExecStart=\nExecStart=/bin/sh -c \'printf "caf\\351 \\377 end\\n"; exec sleep 1000\''
    bx systemctl daemon-reload
}

teardown() {
    local n
    for n in "${FIXTURES[@]}"; do
        bx systemctl stop "ctr@$n.service" >/dev/null 2>&1
        bx systemctl reset-failed "ctr@$n.service" >/dev/null 2>&1
        bx rm -rf "/run/systemd/system/ctr@$n.service.d" "/run/swctl/containers/$n.container"
    done
    bx systemctl daemon-reload
}

setup
trap teardown EXIT

# ── command line ────────────────────────────────────────────────────────────
run "$SWCTL" --help
check "--help lists the container commands, hides prepare/cleanup" \
    eval '[ $rc -eq 0 ] && has "ps" "$out" && has "logs" "$out" && has "kill" "$out" && ! has "prepare|cleanup" "$out"'

run "$SWCTL" status 'bad/name'
check "an invalid name is a usage error (2) before any bus call" \
    eval '[ $rc -eq 2 ] && has "not a valid container name" "$err"'

run "$SWCTL" kill -s NOPE "$L"
check "an unknown signal is a usage error (2)" eval '[ $rc -eq 2 ] && has "not a signal" "$err"'

run "$SWCTL" logs --since yesterday "$L"
check "a bad --since is a usage error (2) naming the accepted forms" \
    eval '[ $rc -eq 2 ] && has "RFC 3339" "$err"'

# ── errors ──────────────────────────────────────────────────────────────────
for verb in status start logs kill; do
    run "$SWCTL" $verb clichk-nosuch
    check "$verb of an unknown container exits 3 (no such container)" \
        eval '[ $rc -eq 3 ] && has "^swctl: .*no such container: clichk-nosuch$" "$err"'
done

run env DBUS_SYSTEM_BUS_ADDRESS=unix:path=/nonexistent "$SWCTL" ps
check "ps without a reachable bus exits 4 with one line" \
    eval '[ $rc -eq 4 ] && has "^swctl: .*cannot reach systemd" "$err" && [ $(wc -l <<<"$err") -eq 1 ]'

run env DBUS_SYSTEM_BUS_ADDRESS=unix:path=/nonexistent "$SWCTL" start "$L"
check "start without a reachable bus exits 4" eval '[ $rc -eq 4 ]'

# ── ps before anything runs ─────────────────────────────────────────────────
run "$SWCTL" ps -a
check "ps -a lists a definition that never ran as Defined with its image" \
    eval 'has "^$I +/srv/images/$I +Defined$" "$out"'
run "$SWCTL" ps
check "ps without -a does not list stopped containers" eval '[ $rc -eq 0 ] && ! has "^$I " "$out"'

# ── start, ps, status ───────────────────────────────────────────────────────
run "$SWCTL" start "$L"
check "start prints the name and exits 0" eval '[ $rc -eq 0 ] && [ "$out" = "$L" ]'
wait_for 10 bx sh -c "journalctl -u ctr@$L.service _TRANSPORT=stdout -q --no-pager | grep -q 'line 3'"

run "$SWCTL" ps
check "ps shows the running container Up" eval 'has "^$L +/srv/images/$L +Up (Less than a second|[0-9]+ seconds?)$" "$out"'

run "$SWCTL" ps --format json
check "ps --format json has stable keys and the running state" \
    eval 'has "\"name\":\"$L\",\"unit\":\"ctr@$L.service\",\"image\":\"/srv/images/$L\",\"state\":\"running\"" "$out" && has "\"mainPid\":[0-9]+" "$out"'

main_pid=$(bx systemctl show -P MainPID "ctr@$L.service")
run "$SWCTL" status "$L"
check "status shows state, since, main PID, definition and resources" \
    eval '[ $rc -eq 0 ] && has "^State: +active \(running\) since [0-9]{4}-[0-9]{2}-[0-9]{2}T" "$out" && has "^Main PID: +$main_pid$" "$out" && has "^Definition: +/run/swctl/containers/$L.container$" "$out" && has "^CPU: " "$out" && has "^Memory: " "$out" && has "^Tasks: " "$out"'
check "status ends with the unit's log lines, systemd's included" \
    eval 'has "systemd\[1\]: Started ctr@$L.service" "$out" && has "$L\[$main_pid\]: line [0-9]+$" "$out"'

# ── logs ────────────────────────────────────────────────────────────────────
run "$SWCTL" logs "$L"
check "logs prints the container's output only (no systemd messages)" \
    eval '[ $rc -eq 0 ] && has "^line 0$" "$out" && ! has "Started|ctr@" "$out"'

run "$SWCTL" logs -n 2 "$L"
check "logs -n 2 prints exactly the last 2 lines, in order" \
    eval '[ $(wc -l <<<"$out") -eq 2 ] && a=$(sed -n 1p <<<"$out" | cut -d" " -f2) && b=$(sed -n 2p <<<"$out" | cut -d" " -f2) && [ $((a + 1)) -eq $b ]'

run "$SWCTL" logs --details -n 2 "$L"
invocation=$(bx systemctl show -P InvocationID "ctr@$L.service")
check "logs --details prefixes CONTAINER_NAME, the unit's invocation ID and PRIORITY" \
    eval '[ $(grep -cE "^CONTAINER_NAME=$L,_SYSTEMD_INVOCATION_ID=$invocation,PRIORITY=[0-7] line [0-9]+$" <<<"$out") -eq 2 ]'

run "$SWCTL" logs -t -n 3 "$L"
check "logs -t prefixes RFC 3339 timestamps" \
    eval '[ $(grep -cE "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}(Z|[+-][0-9]{2}:[0-9]{2}) line [0-9]+$" <<<"$out") -eq 3 ]'
t1=$(sed -n 1p <<<"$out" | cut -d" " -f1)
t2=$(sed -n 2p <<<"$out" | cut -d" " -f1)
l1=$(sed -n 1p <<<"$out" | cut -d" " -f2-)
l2=$(sed -n 2p <<<"$out" | cut -d" " -f2-)

run "$SWCTL" logs --since "$t1" --until "$t2" "$L"
check "logs --since/--until RFC 3339 selects the window, ends included" \
    eval '[ "$out" = "$l1"$'"'"'\n'"'"'"$l2" ]'

since_unix=$(bx date +%s -d "$t2")
run "$SWCTL" logs --since "$since_unix" "$L"
check "logs --since with Unix seconds starts there" eval 'has "^$l2$" "$out" && ! has "^$l1$" "$out"'

run "$SWCTL" logs --since 1h "$L"
check "logs --since 1h (a duration ago) includes the first line" eval 'has "^line 0$" "$out"'

run "$SWCTL" logs --since 2099-01-01T00:00:00Z "$L"
check "logs --since in the future prints nothing" eval '[ $rc -eq 0 ] && [ -z "$out" ]'

# -f: new lines arrive while following; Ctrl-C ends it with status 0.
outfile=$(mktemp)
# nsenter itself, not through bx: $! must be nsenter, whose child is swctl.
nsenter -t "$LEADER" -a "$SWCTL" logs -f -n 1 "$L" >"$outfile" 2>&1 &
ns=$!
sleep 2.5
child=$(pgrep -P "$ns" | head -1)
[ -n "$child" ] && kill -INT "$child"
wait "$ns"
rc=$?
out=$(cat "$outfile")
check "logs -f prints new lines as they come and ends on SIGINT with 0" \
    eval '[ $rc -eq 0 ] && [ $(grep -c "^line " <<<"$out") -ge 3 ]'

# -f ends by itself once the container stops, and survives a restart.
nsenter -t "$LEADER" -a "$SWCTL" logs -f -n 0 "$L" >"$outfile" 2>&1 &
ns=$!
sleep 1
run "$SWCTL" restart "$L"
check "restart prints the name and exits 0" eval '[ $rc -eq 0 ] && [ "$out" = "$L" ]'
new_pid=$(bx systemctl show -P MainPID "ctr@$L.service")
check "restart gives the container a new main PID" eval '[ "$new_pid" != "$main_pid" ] && [ "$new_pid" != 0 ]'
sleep 2
kill -0 "$ns" 2>/dev/null
following=$?
run "$SWCTL" stop "$L"
check "stop prints the name and exits 0" eval '[ $rc -eq 0 ] && [ "$out" = "$L" ]'
stopped_at=$SECONDS
wait_for 8 eval '! kill -0 '"$ns"' 2>/dev/null'
wait "$ns"
rc=$?
out=$(cat "$outfile")
check "logs -f keeps following across a restart" eval '[ $following -eq 0 ] && has "^line 0$" "$out"'
check "logs -f ends with 0 within a few seconds of the container stopping" \
    eval '[ $rc -eq 0 ] && [ $((SECONDS - stopped_at)) -le 4 ]'
rm -f "$outfile"

run "$SWCTL" logs "$L"
check "logs spans restarts (line 0 twice)" eval '[ $(grep -c "^line 0$" <<<"$out") -eq 2 ]'

run "$SWCTL" ps
check "ps no longer lists the stopped container" eval '! has "^$L " "$out"'
run "$SWCTL" ps -a
check "ps -a shows the stopped container Exited" eval 'has "^$L +/srv/images/$L +Exited( \([0-9]+\))? .* ago$" "$out"'

run "$SWCTL" stop "$L"
check "stop of a stopped container succeeds" eval '[ $rc -eq 0 ]'

# ── kill ────────────────────────────────────────────────────────────────────
run "$SWCTL" kill "$L"
check "kill of a stopped container exits 6 (not running)" \
    eval '[ $rc -eq 6 ] && has "^swctl: kill $L: container is not running$" "$err"'

bx "$SWCTL" start "$L" >/dev/null
run "$SWCTL" kill "$L"
check "kill (default KILL) prints the name and exits 0" eval '[ $rc -eq 0 ] && [ "$out" = "$L" ]'
wait_for 5 eval '[ "$(bx systemctl show -P ActiveState ctr@'"$L"'.service)" = failed ]'
run "$SWCTL" ps -a
check "after kill, ps -a shows Exited (137)" eval 'has "^$L +.* Exited \(137\) " "$out"'

bx "$SWCTL" start "$L" >/dev/null
run "$SWCTL" kill -s SIGUSR1 "$L"
kill_rc=$rc
wait_for 5 ps_all_shows "^$L .* Exited \(138\) "
seen=$?
check "kill -s SIGUSR1 reaches the main process (sh dies of it: Exited (138))" \
    eval '[ $kill_rc -eq 0 ] && [ $seen -eq 0 ]'

bx "$SWCTL" start "$L" >/dev/null
run "$SWCTL" kill -s 15 "$L"
kill_rc=$rc
wait_for 5 eval '! bx "$SWCTL" ps | grep -q "^$L "'
seen=$?
check "kill -s 15 (a number) stops it" eval '[ $kill_rc -eq 0 ] && [ $seen -eq 0 ]'

# ── failures ────────────────────────────────────────────────────────────────
run "$SWCTL" start "$B"
check "a failing start is reported like systemctl, exit 1" \
    eval '[ $rc -eq 1 ] && [ "$err" = "swctl: start $B: ctr@$B.service failed (exit-code); see '"'"'swctl status $B'"'"'" ]'
run "$SWCTL" ps -a
check "ps -a shows the failed start as Failed (exit-code)" eval 'has "^$B +/srv/images/$B +Failed \(exit-code\) " "$out"'
run "$SWCTL" status "$B"
check "status of the failed container shows its result and the failing step's message" \
    eval 'has "^Result: +exit-code$" "$out" && has "prepare failed" "$out"'

run "$SWCTL" start "$Q"
check "start of a container that exits at once succeeds" eval '[ $rc -eq 0 ]'
wait_for 5 eval '[ "$(bx systemctl show -P ActiveState ctr@'"$Q"'.service)" = failed ]'
run "$SWCTL" ps -a
check "ps -a shows its exit status: Exited (3)" eval 'has "^$Q +/srv/images/$Q +Exited \(3\) " "$out"'

run "$SWCTL" start clichk-nosuch "$Y"
check "start of several names goes on past an unknown one and exits 3" \
    eval '[ $rc -eq 3 ] && [ "$out" = "$Y" ] && has "no such container: clichk-nosuch" "$err"'
wait_for 5 bx sh -c "journalctl -u ctr@$Y.service _TRANSPORT=stdout -q --no-pager | grep -q end"
run sh -c "$SWCTL logs $Y | od -An -c | tr -s ' '"
check "logs prints message bytes as they are (not UTF-8: 351 377)" eval 'has "c a f 351 377 e n d \\\\n" "$out"'

# systemd cannot send this unit's properties in one GetAll (its ExecStart is
# not UTF-8): swctl reads them one by one instead.
run "$SWCTL" status "$Y"
check "status works for a unit whose command line is not UTF-8" eval '[ $rc -eq 0 ] && has "^State: " "$out"'
run "$SWCTL" ps -a
check "ps -a lists a unit whose command line is not UTF-8" eval '[ $rc -eq 0 ] && has "^$Y " "$out"'

run setpriv --reuid=65534 --regid=65534 --clear-groups "$SWCTL" stop "$Y"
check "stop as an unprivileged user exits 5 (permission denied)" \
    eval '[ $rc -eq 5 ] && has "^swctl: stop $Y: permission denied" "$err"'

run "$SWCTL" stop "$Y" "$Q"
check "stop of several containers exits 0" eval '[ $rc -eq 0 ]'

# ── a real container ────────────────────────────────────────────────────────
if [ -n "$REAL" ]; then
    run "$SWCTL" start "$REAL"
    check "real container: start $REAL exits 0" eval '[ $rc -eq 0 ]'
    run "$SWCTL" ps
    check "real container: ps shows $REAL Up" eval 'has "^$REAL +.* Up " "$out"'
    run "$SWCTL" status "$REAL"
    check "real container: status shows it running with a main PID" \
        eval 'has "^State: +active \(running\)" "$out" && has "^Main PID: +[0-9]+$" "$out"'
    run "$SWCTL" stop "$REAL"
    check "real container: stop $REAL exits 0" eval '[ $rc -eq 0 ]'
    run "$SWCTL" ps
    check "real container: ps no longer lists $REAL" eval '! has "^$REAL " "$out"'
fi

# ── shell completion (installed by make install) ────────────────────────────
# complete WORDS…: what bash completes for the last word of `WORDS…`.
complete_words() {
    run bash -c 'source /usr/share/bash-completion/completions/swctl || exit 9
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        _swctl "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[@]}"' complete "$@"
}
complete_words swctl sta
check "bash completes 'swctl sta' to start, stats and status" \
    eval '[ $rc -eq 0 ] && has "^start$" "$out" && has "^stats$" "$out" && has "^status$" "$out" && ! has "^stop$" "$out"'
complete_words swctl stop "${Y:0:4}"
check "bash completes a container name after 'swctl stop' ($Y from '${Y:0:4}')" eval '[ $rc -eq 0 ] && has "^$Y$" "$out"'

checks_summary
