#!/usr/bin/env bash
# Ring 2 checks of swctl's admin commands against a real systemd: pause and
# unpause (systemd's cgroup freezer), top (the unit's cgroup) and inspect
# (unit state, definition, the bundle's config.json).
#
#   Tests/rings/admin-box-check.sh LEADER_PID NAME
#
# LEADER_PID is the box's PID 1 as seen from the host (the child of
# systemd-nspawn); every command runs inside it with `nsenter -t PID -a`.
# NAME is a running container, run by the real template and runtime, that
# prints a line every second from a shell loop (sh and sleep), like ring
# 2's `hello`. It is left running and unpaused. `swctl` must be on the box's
# PATH (or set SWCTL to its path in the box); jq must be on the host's.
#
# Prints `ok - …`/`FAIL - …` per check and a closing `N passed, N failed`;
# exits 1 when any check failed.
set -uo pipefail

LEADER=${1:?usage: admin-box-check.sh LEADER_PID NAME}
NAME=${2:?usage: admin-box-check.sh LEADER_PID NAME}
SWCTL=${SWCTL:-swctl}
# shellcheck source=Tests/rings/box-checks.sh
. "$(dirname "$0")/box-checks.sh"

# The number of lines the container has written to the journal so far.
lines() { bx journalctl -u "ctr@$NAME.service" _TRANSPORT=stdout -q --no-pager -o cat | wc -l; }

# Whatever happens, leave the container running.
trap 'bx "$SWCTL" unpause "$NAME" >/dev/null 2>&1' EXIT

if ! bx systemctl is-active -q "ctr@$NAME.service"; then
    fail "ctr@$NAME.service is running (needed by every check)" "$(bx systemctl status --no-pager "ctr@$NAME.service" 2>&1 | head -n 15)"
    echo "$passed passed, $failed failed"
    exit 1
fi
main_pid=$(bx systemctl show -P MainPID "ctr@$NAME.service")

# ── pause ───────────────────────────────────────────────────────────────────
run "$SWCTL" pause "$NAME"
check "pause $NAME prints the name and exits 0" eval '[ $rc -eq 0 ] && [ "$out" = "$NAME" ]'

run systemctl show -P FreezerState "ctr@$NAME.service"
check "systemd reports the unit frozen (FreezerState=frozen)" eval '[ "$out" = frozen ]'

run "$SWCTL" ps
check "ps shows $NAME as Up … (Paused)" eval 'has "^$NAME +.* Up .*\(Paused\)$" "$out"'

run "$SWCTL" ps --format json
check "ps --format json says state paused" eval 'has "\"name\":\"$NAME\",[^}]*\"state\":\"paused\"" "$out"'

run "$SWCTL" status -n 0 "$NAME"
check "status shows the frozen state and Paused" \
    eval 'has "^State: +active \(running\) \(frozen\) since" "$out" && has "^Status: +Up .*\(Paused\)$" "$out"'

# Lines already on their way to journald may still land: count after a second.
sleep 1
before=$(lines)
sleep 3
after=$(lines)
check "a paused container writes nothing (journal lines $before → $after over 3 s)" \
    eval '[ -n "$before" ] && [ "$before" -gt 0 ] && [ "$after" -eq "$before" ]'

run "$SWCTL" pause "$NAME"
check "pause of a paused container exits 1 (already paused)" \
    eval '[ $rc -eq 1 ] && has "^swctl: pause $NAME: container is already paused$" "$err"'

# ── unpause ─────────────────────────────────────────────────────────────────
run "$SWCTL" unpause "$NAME"
check "unpause $NAME prints the name and exits 0" eval '[ $rc -eq 0 ] && [ "$out" = "$NAME" ]'
wait_for 5 eval '[ "$(lines)" -gt "$after" ]'
# shellcheck disable=SC2034 # read by the eval below
resumed=$?
now=$(lines)
check "after unpause the container writes again (journal lines $after → $now)" eval '[ $resumed -eq 0 ]'

run "$SWCTL" ps
check "ps shows $NAME Up without (Paused)" eval 'has "^$NAME +.* Up " "$out" && ! has "^$NAME .*Paused" "$out"'

run "$SWCTL" unpause "$NAME"
check "unpause of a container that is not paused exits 1" \
    eval '[ $rc -eq 1 ] && has "^swctl: unpause $NAME: container is not paused$" "$err"'

# ── top ─────────────────────────────────────────────────────────────────────
cgroup=$(bx systemctl show -P ControlGroup "ctr@$NAME.service")
# top_matches: runs top and compares its PIDs with the cgroup's; the loop's
# sleep is replaced every second, so a few tries may be needed.
top_matches() {
    run "$SWCTL" top "$NAME"
    listed=$(awk 'NR > 1 { print $1 }' <<<"$out" | sort -n | tr '\n' ' ')
    procs=$(bx sh -c "cat \$(find /sys/fs/cgroup$cgroup -name cgroup.procs) | sort -n | tr '\n' ' '")
    [ -n "$procs" ] && [ "$listed" = "$procs" ]
}
tries=0
until top_matches || [ $((tries += 1)) -ge 5 ]; do sleep 0.3; done
check "top lists exactly the processes of the unit's cgroup ($procs)" eval '[ -n "$procs" ] && [ "$listed" = "$procs" ]'
check "top prints the header PID PPID USER TIME COMMAND" eval '[ $rc -eq 0 ] && has "^PID +PPID +USER +TIME +COMMAND$" "$out"'
check "top lists the main process (sh, PID $main_pid) as root" \
    eval 'has "^$main_pid +[0-9]+ +root +[0-9]{2}:[0-9]{2}:[0-9]{2} +/bin/sh -c " "$out"'
check "top lists the loop's sleep, child of the main process" eval 'has "^[0-9]+ +$main_pid +root +[0-9:]+ +sleep 1$" "$out"'

run "$SWCTL" top nosuch-adm
check "top of an unknown container exits 3" eval '[ $rc -eq 3 ] && has "no such container: nosuch-adm" "$err"'

# ── inspect ─────────────────────────────────────────────────────────────────
run "$SWCTL" inspect "$NAME"
json=$out
jqr() { jq -r "$1" <<<"$json" 2>/dev/null; }
check "inspect prints a JSON array with one object" eval '[ $rc -eq 0 ] && [ "$(jqr "length")" = 1 ]'
check "inspect: name, unit and state running" \
    eval '[ "$(jqr ".[0].name")" = "$NAME" ] && [ "$(jqr ".[0].unit")" = "ctr@$NAME.service" ] && [ "$(jqr ".[0].state.status")" = running ] && [ "$(jqr ".[0].state.running")" = true ] && [ "$(jqr ".[0].state.paused")" = false ]'
check "inspect: the main PID ($main_pid) and when it started" \
    eval '[ "$(jqr ".[0].state.mainPid")" = "$main_pid" ] && has "^[0-9]{4}-[0-9]{2}-[0-9]{2}T" "$(jqr ".[0].state.startedAt")"'
check "inspect: the cgroup is the unit's ControlGroup" eval '[ "$(jqr ".[0].cgroup")" = "$cgroup" ]'
check "inspect: the definition's path and its Image key" \
    eval 'has "/$NAME\.container$" "$(jqr ".[0].definition.path")" && [ -n "$(jqr ".[0].definition.keys.Container.Image[0] // empty")" ]'
check "inspect: mounts from config.json (/proc among them)" \
    eval '[ "$(jqr "[.[0].mounts[].destination] | index(\"/proc\") != null")" = true ]'
check "inspect: the process's args and capabilities from config.json" \
    eval '[ "$(jqr ".[0].process.args[0]")" != null ] && [ "$(jqr ".[0].process.capabilities.bounding | length")" -gt 0 ]'
inside=$(bx "$SWCTL" exec "$NAME" ip -4 -o addr show eth0 2>/dev/null | awk '{ sub("/.*", "", $4); print $4 }')
check "inspect: network mode bridge and the address eth0 has inside ($inside)" \
    eval '[ "$(jqr ".[0].network.mode")" = bridge ] && [ -n "$inside" ] && [ "$(jqr ".[0].network.ipAddress")" = "$inside" ]'

bx "$SWCTL" pause "$NAME" >/dev/null 2>&1
run "$SWCTL" inspect "$NAME"
json=$out
check "inspect of a paused container: status paused, paused true" \
    eval '[ "$(jqr ".[0].state.status")" = paused ] && [ "$(jqr ".[0].state.paused")" = true ]'
bx "$SWCTL" unpause "$NAME" >/dev/null 2>&1

run "$SWCTL" inspect "$NAME" nosuch-adm
json=$out
check "inspect of a known and an unknown name prints the known one and exits 3" \
    eval '[ $rc -eq 3 ] && [ "$(jqr "length")" = 1 ] && has "no such container: nosuch-adm" "$err"'

# ── exec ────────────────────────────────────────────────────────────────────
run "$SWCTL" exec "$NAME" sh -c 'echo "$(hostname) $(id -u) $$"; exit 3'
exec_rc=$rc
exec_out=$out
run nsenter -t "$main_pid" -u hostname
check "exec runs in the container (its hostname '$out', as root, not PID 1) and passes exit status 3 through" \
    eval '[ $exec_rc -eq 3 ] && [ "$exec_out" = "$out 0 ${exec_out##* }" ] && [ "${exec_out##* }" != 1 ]'
run "$SWCTL" exec -u nobody -w /tmp -e GREETING=hi "$NAME" sh -c 'echo "$(id -un) $(pwd) $GREETING"'
check "exec -u nobody -w /tmp -e GREETING=hi" eval '[ $rc -eq 0 ] && [ "$out" = "nobody /tmp hi" ]'
# Seccomp is compared in ring 1 (ExecSerialTests): here the init inherits
# systemd-nspawn's own filter, which nsenter'd commands do not.
run "$SWCTL" exec "$NAME" sh -c 'cat /proc/self/status | grep -E "^(CapEff|CapBnd|NoNewPrivs):" | tr -d "\t" | tr "\n" " "'
exec_status=$out
run sh -c "grep -E '^(CapEff|CapBnd|NoNewPrivs):' /proc/$main_pid/status | tr -d '\t' | tr '\n' ' '"
check "exec gets the container's capabilities and no_new_privs ($exec_status)" \
    eval '[ -n "$exec_status" ] && [ "$exec_status" = "$out" ]'
bx sh -c "$SWCTL exec -d $NAME sleep 30 >/dev/null 2>&1 || true"
run "$SWCTL" exec "$NAME" sh -c 'sleep 5 & echo $!'
run sh -c "cat /sys/fs/cgroup$cgroup/container/cgroup.procs"
check "a process exec'd into the container is in its cgroup (the unit's)" \
    eval '[ $(echo "$out" | wc -l) -ge 2 ]'
# CAP_MKNOD is in the default set; the device filters still keep the host's disks out.
# (The unit's DevicePolicy=closed refuses the mknod itself, where runc and Docker
# refuse only the open.) /dev, unlike /tmp, is not nodev: the refusal is the
# filter's (EPERM), not the mount's (EACCES).
run "$SWCTL" exec "$NAME" sh -c 'mknod /dev/disk b 7 0; head -c 1 /dev/disk 2>&1; rm -f /dev/disk; echo x > /dev/null && echo null-ok'
check "a container cannot open a device outside the defaults (a loop disk), and /dev/null works" \
    eval 'has "Operation not permitted" "$out$err" && has "^null-ok$" "$out"'
run "$SWCTL" exec "$NAME" no-such-command
check "exec of a command that does not exist: one line naming it, exit 127" \
    eval '[ $rc -eq 127 ] && has "exec no-such-command .*ENOENT" "$err" && [ $(echo "$err" | wc -l) -eq 1 ]'
# An interactive shell on a terminal (tmux gives the terminal).
if bx sh -c 'command -v tmux' >/dev/null 2>&1; then
    session=swctl-exec-$$
    bx tmux new-session -d -s "$session" -x 100 -y 30 "$SWCTL exec -it $NAME sh; echo exec-status=\$?; sleep 30"
    sleep 1
    bx tmux send-keys -t "$session" 'stty size; tty; echo $((6 * 7))' Enter
    sleep 1
    bx tmux resize-window -t "$session" -x 120 -y 40
    sleep 0.5
    bx tmux send-keys -t "$session" 'stty size; exit 5' Enter
    sleep 1
    run tmux capture-pane -p -t "$session"
    pane=$out
    bx tmux kill-session -t "$session" >/dev/null 2>&1
    check "exec -it: a shell on a pty of the container's own, sized like the terminal (30 100)" \
        eval 'has "^30 100$" "$pane" && has "^/dev/pts/[0-9]+$" "$pane" && has "^42$" "$pane"'
    check "exec -it: the pty follows when the terminal is resized (40 120)" eval 'has "^40 120$" "$pane"'
    check "exec -it: the shell's exit status comes back (5)" eval 'has "exec-status=5" "$pane"'
else
    echo "skip - exec -it: tmux is not installed (scripts/deps.sh installs it)"
fi

# ── stats ───────────────────────────────────────────────────────────────────
run "$SWCTL" stats --no-stream --interval 0.5 --format json "$NAME"
json=$out
check "stats --no-stream --format json $NAME: one object, for $NAME" \
    eval '[ $rc -eq 0 ] && [ "$(jqr "length")" = 1 ] && [ "$(jqr ".[0].name")" = "$NAME" ]'
check "stats: at least the loop's two tasks (sh, sleep) and a CPU % that is a number" \
    eval '[ "$(jqr ".[0].pids")" -ge 2 ] && [ "$(jqr ".[0].cpuPercent | type")" = number ]'
usage=$(bx sh -c "sed -n 's/^usage_usec //p' /sys/fs/cgroup$cgroup/cpu.stat")
check "stats: CPU time from the unit's cgroup (cpu.stat $usage µs)" \
    eval '[ -n "$usage" ] && [ "$(jqr ".[0].cpuMicroseconds")" -gt 0 ] && [ "$(jqr ".[0].cpuMicroseconds")" -le "$usage" ]'
run "$SWCTL" stats --no-stream --interval 0.2
check "stats without names: a table with docker's columns and a row for $NAME" \
    eval '[ $rc -eq 0 ] && has "^NAME +CPU % +MEM USAGE / LIMIT +MEM % +NET I/O +BLOCK I/O +PIDS$" "$out" && has "^$NAME +[0-9]+\.[0-9]{2}% " "$out"'
run "$SWCTL" stats --no-stream nosuch-adm
check "stats of an unknown container exits 3" eval '[ $rc -eq 3 ]'

# ── errors ──────────────────────────────────────────────────────────────────
run "$SWCTL" pause nosuch-adm
check "pause of an unknown container exits 3 (no such container)" \
    eval '[ $rc -eq 3 ] && has "^swctl: pause nosuch-adm: no such container: nosuch-adm$|^swctl: no such container: nosuch-adm$" "$err"'

run "$SWCTL" unpause nosuch-adm
check "unpause of an unknown container exits 3" eval '[ $rc -eq 3 ]'

# A container that is defined but not running (its unit is not loaded).
IDLE=admchk-$(printf '%04x' $RANDOM)-idle
bx sh -c "mkdir -p /run/swctl/containers && printf '[Container]\nImage=/srv/images/$IDLE\n' > /run/swctl/containers/$IDLE.container"
for verb in pause unpause top stats exec; do
    if [ $verb = exec ]; then run "$SWCTL" exec "$IDLE" true; else run "$SWCTL" $verb "$IDLE"; fi
    check "$verb of a container that is not running exits 6" \
        eval '[ $rc -eq 6 ] && has "^swctl: $verb $IDLE: container is not running$" "$err"'
done
run "$SWCTL" inspect "$IDLE"
json=$out
check "inspect of a defined container never started: status defined, its definition, no spec" \
    eval '[ $rc -eq 0 ] && [ "$(jqr ".[0].state.status")" = defined ] && [ "$(jqr ".[0].definition.keys.Container.Image[0]")" = "/srv/images/$IDLE" ] && [ "$(jqr ".[0].mounts")" = null ]'
bx rm -f "/run/swctl/containers/$IDLE.container"

# stop of a paused container: unpaused first, so its init acts on SIGTERM
# (a frozen one would be killed after the 10 s stop timeout). Same image as NAME.
T=admchk-$(printf '%04x' $RANDOM)-term
image=$(bx "$SWCTL" inspect "$NAME" | jq -r '.[0].image')
bx sh -c "mkdir -p /run/swctl/containers && cat > /run/swctl/containers/$T.container" <<EOF
[Container]
Image=$image
Exec=/bin/sh -c 'trap "exit 0" TERM; echo up; while :; do sleep 1 & wait; done'
EOF
bx systemctl daemon-reload
run "$SWCTL" start "$T"
bx "$SWCTL" pause "$T" >/dev/null
stop_start=$SECONDS
run "$SWCTL" stop "$T"
stop_took=$((SECONDS - stop_start))
run "$SWCTL" ps -a
# Exited well: "Exited (0)", or just "Exited" once systemd has unloaded the unit.
check "stop of a paused container lets it exit on SIGTERM (${stop_took} s, not killed)" \
    eval '[ $rc -eq 0 ] && [ $stop_took -lt 5 ] && has "^$T +.* Exited( \(0\))? " "$out"'
bx systemctl reset-failed "ctr@$T.service" >/dev/null 2>&1
bx rm -f "/run/swctl/containers/$T.container"
bx systemctl daemon-reload

# ── rm and container prune ──────────────────────────────────────────────────
# define NAME DIR: a container on the same image as NAME that runs until stopped.
define() {
    bx sh -c "mkdir -p $2 && printf '[Container]\nImage=$image\nExec=/bin/sh -c \"while :; do sleep 1; done\"\n' > $2/$1.container"
}
R=admchk-$(printf '%04x' $RANDOM)-rm
E=admchk-$(printf '%04x' $RANDOM)-etc
P=admchk-$(printf '%04x' $RANDOM)-prune
define "$R" /run/swctl/containers
define "$E" /etc/swctl/containers
define "$P" /run/swctl/containers
bx systemctl daemon-reload
bx "$SWCTL" start "$R" "$E" >/dev/null 2>&1
run "$SWCTL" rm "$R"
check "rm of a running container is refused (exit 1), nothing removed" \
    eval '[ $rc -eq 1 ] && has "^swctl: rm $R: container is running: stop it first, or use --force$" "$err" && bx test -e /run/swctl/containers/$R.container'
run "$SWCTL" rm -f "$R"
rm_out=$out rm_rc=$rc
run systemctl show -P DropInPaths "ctr@$R.service"
dropins=$out
run "$SWCTL" ps -a
check "rm -f stops it, deletes its transient definition, the generator's drop-in goes, ps -a forgets it" \
    eval '[ $rm_rc -eq 0 ] && [ "$rm_out" = "$R" ] && ! bx test -e /run/swctl/containers/$R.container && ! has "$R" "$dropins" && ! has "^$R " "$out"'
bx "$SWCTL" stop "$E" >/dev/null 2>&1
run "$SWCTL" rm "$E"
check "rm of a stopped container defined in /etc keeps the admin's definition" \
    eval '[ $rc -eq 0 ] && bx test -e /etc/swctl/containers/$E.container'
run "$SWCTL" rm --definition "$E"
check "rm --definition deletes the definition in /etc too" \
    eval '[ $rc -eq 0 ] && ! bx test -e /etc/swctl/containers/$E.container'
bx "$SWCTL" start "$P" >/dev/null 2>&1
run "$SWCTL" container prune
check "container prune leaves a running transient container alone" \
    eval '[ $rc -eq 0 ] && ! has "^$P$" "$out" && bx test -e /run/swctl/containers/$P.container'
bx "$SWCTL" stop "$P" >/dev/null 2>&1
run "$SWCTL" container prune
check "container prune removes a stopped transient container" \
    eval '[ $rc -eq 0 ] && has "^$P$" "$out" && ! bx test -e /run/swctl/containers/$P.container'
run "$SWCTL" rm nosuch-adm
check "rm of an unknown container exits 3" eval '[ $rc -eq 3 ]'

checks_summary
