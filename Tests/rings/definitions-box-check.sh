#!/usr/bin/env bash
# Ring 2 checks of definition drop-ins against a real systemd and generator:
# NAME.container.d/*.conf and container.d/*.conf change what the unit and the
# container get, and their errors name the drop-in.
#
#   Tests/rings/definitions-box-check.sh LEADER_PID IMAGE
#
# LEADER_PID is the box's PID 1 as seen from the host; IMAGE the demo image's
# root file system in the box. Prints `ok - …`/`FAIL - …` per check and
# `N passed, N failed`; exits 1 when any check failed.
set -uo pipefail

LEADER=${1:?usage: definitions-box-check.sh LEADER_PID IMAGE}
IMAGE=${2:?usage: definitions-box-check.sh LEADER_PID IMAGE}
SWCTL=${SWCTL:-swctl}
DEFS=/etc/swctl/containers
# shellcheck source=Tests/rings/box-checks.sh
. "$(dirname "$0")/box-checks.sh"

cleanup() {
    bx systemctl stop ctr@dropin.service >/dev/null 2>&1
    bx rm -rf "$DEFS/dropin.container" "$DEFS/dropin.container.d" "$DEFS/container.d"
    bx systemctl daemon-reload
}
trap cleanup EXIT

bx sh -c "mkdir -p $DEFS/dropin.container.d $DEFS/container.d
printf '[Container]\nImage=$IMAGE\nExec=/bin/sh -c \"echo MODE=\$MODE; exec sleep 300\"\nEnvironment=MODE=base\nMemory=64M\n' >$DEFS/dropin.container
printf '[Container]\nEnvironment=MODE=dropin\n[Service]\nTimeoutStopSec=3\n' >$DEFS/dropin.container.d/10-mode.conf
printf '[Container]\nPidsLimit=33\n' >$DEFS/container.d/50-pids.conf
systemctl daemon-reload"

run systemctl show -P TasksMax,TimeoutStopUSec ctr@dropin.service
check "the shared drop-in's PidsLimit and the container's [Service] drop-in reach the unit" \
    eval 'has "^33$" "$out" && has "^3s$" "$out"'

run "$SWCTL" start dropin
wait_for 10 bash -c "nsenter -t $LEADER -a $SWCTL logs dropin 2>/dev/null | grep -q MODE="
run "$SWCTL" logs dropin
check "the container's own drop-in overrides Environment= (MODE=dropin)" eval 'has "^MODE=dropin$" "$out"'

bx sh -c "printf '[Container]\nPidsLimit=lots\n' >$DEFS/container.d/60-bad.conf"
run "$SWCTL" validate
check "validate names the drop-in and its line, once, and exits 7" \
    eval '[ $rc -eq 7 ] && [ "$(grep -c "container.d/60-bad.conf:2: PidsLimit" <<<"$err")" -eq 1 ]'

bx ln -sf /dev/null "$DEFS/container.d/60-bad.conf"
run "$SWCTL" validate
check "a drop-in linked to /dev/null is masked (validate no longer names it)" eval '! has "60-bad.conf" "$err"'

checks_summary
