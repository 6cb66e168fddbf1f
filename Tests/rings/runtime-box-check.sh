#!/usr/bin/env bash
# Ring 2 checks of swctl-runtime's systemd cgroup driver against a real
# systemd: with --systemd-cgroup and linux.cgroupsPath SLICE:PREFIX:NAME the
# container runs in a transient scope PREFIX-NAME.scope that systemd made
# in SLICE (runc's driver), the scope goes away after delete, a failed
# create leaves none, and without the flag that form is refused. Also that
# the eBPF device filter loads under systemd (the default devices work).
#
#   Tests/rings/runtime-box-check.sh LEADER_PID [IMAGE]
#
# LEADER_PID is the box's PID 1 as seen from the host; commands run inside
# it with `nsenter -t PID -a`. IMAGE is a busybox root filesystem in the box
# (default /usr/share/swctl/images/busybox). `swctl-runtime` must be on the
# box's PATH (or set RUNTIME to its path in the box); jq must be on the
# host's. Prints `ok - …`/`FAIL - …` per check and `N passed, N failed`.
set -uo pipefail

LEADER=${1:?usage: runtime-box-check.sh LEADER_PID [IMAGE]}
IMAGE=${2:-/usr/share/swctl/images/busybox}
RUNTIME=${RUNTIME:-swctl-runtime}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=Tests/rings/box-checks.sh
. "$(dirname "$0")/box-checks.sh"

ID=sd$$
SCOPE=swctl-test-$ID.scope
DIR=/var/lib/swctl-runtime-check
STATE=/run/swctl-runtime-check

# bundle NAME ARGS_JSON: a bundle at $DIR/NAME from the `runc spec` fixture,
# on the busybox image, in the scope.
bundle() {
    jq --arg root "$IMAGE" --arg path "system.slice:swctl-test:$ID" --argjson args "$2" \
        '.root.path = $root | .process.terminal = false | .process.args = $args | .linux.cgroupsPath = $path' \
        "$REPO/Tests/OCITests/Fixtures/runc-spec.json" |
        bx sh -c "mkdir -p $DIR/$1 && cat > $DIR/$1/config.json"
}

cleanup() {
    bx "$RUNTIME" --root "$STATE" delete --force "$ID" >/dev/null 2>&1
    bx systemctl stop "$SCOPE" >/dev/null 2>&1
    bx rm -rf "$DIR" "$STATE"
}
trap cleanup EXIT

bundle run '["sh", "-c", "echo x > /dev/null && echo null-ok; exec sleep 300"]'
bundle missing '["/nosuch"]'

# ── the scope ───────────────────────────────────────────────────────────────
run sh -c "$RUNTIME --root $STATE --systemd-cgroup run --detach -b $DIR/run $ID >$DIR/run.out 2>&1; echo \$?; cat $DIR/run.out"
check "run --detach with --systemd-cgroup and system.slice:swctl-test:$ID succeeds" \
    eval '[ "$(head -n 1 <<<"$out")" = 0 ]'
check "the default devices work under the device filter (the container wrote to /dev/null)" \
    eval 'has "^null-ok$" "$out"'

run sh -c "$RUNTIME --root $STATE state $ID | sed -n 's/^ *\"pid\": \\([0-9]*\\).*/\\1/p'"
pid=$out
run systemctl show -P ActiveState "$SCOPE"
check "systemctl show $SCOPE: ActiveState=active" eval '[ "$out" = active ]'
run systemctl show -P Delegate "$SCOPE"
check "the scope has Delegate=yes" eval '[ "$out" = yes ]'
run systemctl show -P Slice "$SCOPE"
check "the scope is in system.slice" eval '[ "$out" = system.slice ]'
run systemctl show -P ControlGroup "$SCOPE"
cgroup=$out
run cat "/sys/fs/cgroup$cgroup/cgroup.procs"
check "the scope's cgroup ($cgroup) holds the container's init (PID ${pid:-?})" \
    eval '[ -n "$pid" ] && grep -qx "$pid" <<<"$out"'
run sh -c "grep '^0::' /proc/$pid/cgroup"
check "/proc/PID/cgroup names the scope" eval '[ "$out" = "0::/system.slice/$SCOPE" ]'

# ── delete ──────────────────────────────────────────────────────────────────
run "$RUNTIME" --root "$STATE" kill "$ID" KILL
wait_for 10 eval 'run sh -c "$RUNTIME --root $STATE state $ID"; has "\"status\": \"stopped\"" "$out"'
run "$RUNTIME" --root "$STATE" delete "$ID"
check "delete after the container exited succeeds" eval '[ $rc -eq 0 ]'
run systemctl show -P LoadState "$SCOPE"
check "after delete the scope is gone (LoadState=not-found)" eval '[ "$out" = not-found ]'
run test -e "/sys/fs/cgroup$cgroup"
check "after delete the scope's cgroup is gone" eval '[ $rc -ne 0 ]'

# ── failures ────────────────────────────────────────────────────────────────
run "$RUNTIME" --root "$STATE" --systemd-cgroup run -b "$DIR/missing" "$ID"
check "a container whose binary is missing fails to run (${err:0:120})" eval '[ $rc -ne 0 ]'
run systemctl show -P LoadState "$SCOPE"
check "a failed run leaves no scope" eval '[ "$out" = not-found ]'
run test -e "$STATE/$ID"
check "a failed run leaves no state" eval '[ $rc -ne 0 ]'

run "$RUNTIME" --root "$STATE" run -b "$DIR/run" "$ID"
check "without --systemd-cgroup the slice:prefix:name form is refused clearly" \
    eval '[ $rc -ne 0 ] && has "slice:prefix:name needs --systemd-cgroup" "$err"'

checks_summary
