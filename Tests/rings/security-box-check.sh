#!/usr/bin/env bash
# The checks are eval'd strings: their variables expand when they run
# (SC2016), and some are read only there (SC2034).
# shellcheck disable=SC2016,SC2034
# Ring 2 checks of the default confinement under a real systemd (no AppArmor
# in the box, a pure cgroup v2 layout): a container started with
# `systemctl start ctr@NAME` runs with seccomp in filter mode, no_new_privs,
# Docker's capability set, under DevicePolicy=closed and TasksMax=2048;
# `swctl status` and `swctl inspect` say so (and that AppArmor is off);
# AddDevice= reaches the unit and the container; a broken SeccompProfile=
# fails the start with one line naming the file.
#
#   Tests/rings/security-box-check.sh LEADER_PID [IMAGE]
#
# LEADER_PID is the box's PID 1 as seen from the host; commands run inside
# it with `nsenter -t PID -a`. IMAGE is a busybox root filesystem in the box
# (default /usr/share/swctl/images/busybox). `swctl` must be on the box's
# PATH (or set SWCTL); jq must be on the host's. Prints `ok - …`/`FAIL - …`
# per check and `N passed, N failed`.
set -uo pipefail

LEADER=${1:?usage: security-box-check.sh LEADER_PID [IMAGE]}
IMAGE=${2:-/usr/share/swctl/images/busybox}
SWCTL=${SWCTL:-swctl}
# shellcheck source=Tests/rings/box-checks.sh
. "$(dirname "$0")/box-checks.sh"

DEFS=/etc/swctl/containers
NAME=sec$$
BAD=secbad$$

cleanup() {
    bx systemctl stop "ctr@$NAME" "ctr@$BAD" >/dev/null 2>&1
    bx rm -f "$DEFS/$NAME.container" "$DEFS/$BAD.container" /var/lib/swctl-sec-bad.json
    bx systemctl daemon-reload >/dev/null 2>&1
}
trap cleanup EXIT

bx sh -c "mkdir -p $DEFS && cat > $DEFS/$NAME.container" <<DEF
[Container]
Image=$IMAGE
AddDevice=/dev/null:/dev/extra-null:rw
AddDevice=-/dev/swctl-no-such-device
Exec=/bin/sh -c 'echo x > /dev/extra-null && echo extra-null-ok; exec sleep 300'
DEF
run sh -c "systemctl daemon-reload && systemctl start ctr@$NAME"
check "systemctl start ctr@$NAME (AddDevice= one present, one optional and missing)" eval '[ $rc -eq 0 ]'

run systemctl show -P DevicePolicy "ctr@$NAME"
check "the unit has DevicePolicy=closed" eval '[ "$out" = closed ]'
run systemctl show -P TasksMax "ctr@$NAME"
check "the unit has the default TasksMax=2048" eval '[ "$out" = 2048 ]'
run systemctl show -P DeviceAllow "ctr@$NAME"
check "AddDevice= became DeviceAllow=/dev/null rw" has "/dev/null rw" "$out"

pid=$(bx systemctl show -P MainPID "ctr@$NAME")
run grep -E '^(Seccomp|NoNewPrivs|CapEff|CapBnd):' "/proc/$pid/status"
check "the container's init runs under a seccomp filter with no_new_privs" \
    eval 'has "Seccomp:[[:space:]]+2" "$out" && has "NoNewPrivs:[[:space:]]+1" "$out"'
# Docker's 14 capabilities: chown dac_override fowner fsetid kill setgid setuid
# setpcap net_bind_service net_raw sys_chroot mknod audit_write setfcap.
check "its effective and bounding capabilities are Docker's default set (00000000a80425fb)" \
    eval 'has "CapEff:[[:space:]]+00000000a80425fb" "$out" && has "CapBnd:[[:space:]]+00000000a80425fb" "$out"'

wait_for 10 sh -c "nsenter -t $LEADER -a journalctl -u ctr@$NAME -o cat --no-pager | grep -q extra-null-ok"
run journalctl -u "ctr@$NAME" -o cat --no-pager
check "AddDevice=/dev/null:/dev/extra-null: the container writes to its /dev/extra-null" has "extra-null-ok" "$out"

run "$SWCTL" status "$NAME"
check "swctl status shows the default seccomp profile and that AppArmor is not enabled" \
    eval 'has "Seccomp: +swctl-default \(moby default\) \([0-9]+ rules, sha256:" "$out" && has "AppArmor: +unconfined \(AppArmor not enabled\)" "$out"'
check "swctl status shows no_new_privs, capabilities, masks and the pids limit" \
    eval 'has "NoNewPrivs: +yes" "$out" && has "Capabilities: +CHOWN DAC_OVERRIDE" "$out" && has "Masked: +12 paths masked" "$out" && has "Pids limit: +2048 \(default\)" "$out"'

run "$SWCTL" inspect "$NAME"
confinement=$(jq -c '.[0].confinement | {p: .seccomp.profile, d: (.seccomp.digest | startswith("sha256:")), a: .appArmor, n: .noNewPrivileges, c: (.capabilities | length)}' <<<"$out" 2>&1)
check "swctl inspect has .confinement (profile, digest, AppArmor, no_new_privs, 14 capabilities)" \
    eval '[ "$confinement" = "{\"p\":\"swctl-default (moby default)\",\"d\":true,\"a\":\"unconfined (AppArmor not enabled)\",\"n\":true,\"c\":14}" ]'

# ── a broken SeccompProfile= fails the start with one line naming the file ──
bx sh -c 'echo "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"action\": \"SCMP_ACT_ALLOW\"}]}" > /var/lib/swctl-sec-bad.json'
bx sh -c "cat > $DEFS/$BAD.container" <<DEF
[Container]
Image=$IMAGE
SeccompProfile=/var/lib/swctl-sec-bad.json
Exec=/bin/true
DEF
run sh -c "systemctl daemon-reload && systemctl start ctr@$BAD"
start_rc=$rc
run journalctl -u "ctr@$BAD" -o cat --no-pager
check "SeccompProfile= with a rule without names: the start fails, the journal names the file and the rule" \
    eval '[ $start_rc -ne 0 ] && has "SeccompProfile=/var/lib/swctl-sec-bad.json: syscalls\[0\]: no .name. or .names." "$out"'

checks_summary
