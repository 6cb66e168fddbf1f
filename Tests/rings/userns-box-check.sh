#!/usr/bin/env bash
# The checks are eval'd strings: their variables expand when they run
# (SC2016).
# shellcheck disable=SC2016
# Ring 2 checks of UserNS=auto under a real systemd: two definitions with
# UserNS=auto start with `systemctl start ctr@NAME`; their processes run as
# unprivileged host IDs (ps on the host), from disjoint ranges; a file the
# container's root creates in a volume belongs to that ID on the host;
# `swctl status` and `swctl inspect` show the maps; a restart keeps the range.
# The box's root is an overlayfs, which has no idmapped mounts: the image is
# copied to a tmpfs (/run) for these definitions.
#
#   Tests/rings/userns-box-check.sh LEADER_PID [IMAGE]
#
# LEADER_PID is the box's PID 1 as seen from the host; commands run inside
# it with `nsenter -t PID -a`. IMAGE is a busybox root filesystem in the box
# (default /usr/share/swctl/images/busybox). Prints `ok - …`/`FAIL - …` per
# check and `N passed, N failed`.
set -uo pipefail

LEADER=${1:?usage: userns-box-check.sh LEADER_PID [IMAGE]}
IMAGE=${2:-/usr/share/swctl/images/busybox}
SWCTL=${SWCTL:-swctl}
# shellcheck source=Tests/rings/box-checks.sh
. "$(dirname "$0")/box-checks.sh"

DEFS=/etc/swctl/containers
ONE=userns$$
TWO=usernsb$$
VOL=/var/lib/swctl-userns-check$$
COPY=/run/swctl-userns-image$$

cleanup() {
    bx systemctl stop "ctr@$ONE" "ctr@$TWO" >/dev/null 2>&1
    bx rm -rf "$DEFS/$ONE.container" "$DEFS/$TWO.container" "$VOL" "$COPY"
    bx systemctl daemon-reload >/dev/null 2>&1
}
trap cleanup EXIT

bx sh -c "mkdir -p $DEFS $VOL && chmod 1777 $VOL && cp -a $IMAGE $COPY"
for name in "$ONE" "$TWO"; do
    bx sh -c "cat > $DEFS/$name.container" <<DEF
[Container]
Image=$COPY
Network=none
UserNS=auto
Volume=$VOL:/vol
Exec=/bin/sh -c 'trap "exit 0" TERM; touch /vol/\$(hostname); while :; do sleep 1; done'
DEF
done
run sh -c "systemctl daemon-reload && systemctl start ctr@$ONE ctr@$TWO"
check "systemctl start ctr@$ONE ctr@$TWO (UserNS=auto)" eval '[ $rc -eq 0 ]'

# host_uid NAME: the host uid of the unit's main process, as ps shows it.
host_uid() {
    local pid
    pid=$(bx systemctl show -P MainPID "ctr@$1")
    bx ps -o uid= -p "$pid" | tr -d ' '
}
uid_one=$(host_uid "$ONE")
uid_two=$(host_uid "$TWO")
out="ctr@$ONE: $uid_one, ctr@$TWO: $uid_two"
check "ps on the host shows both containers' init as unprivileged uids (>= 1879048192, swctl's pool)" \
    eval '[ "${uid_one:-0}" -ge 1879048192 ] && [ "${uid_two:-0}" -ge 1879048192 ]'
check "the two containers' ranges are disjoint (65536 IDs apart at least)" \
    eval 'diff=$((uid_one - uid_two)); [ "${diff#-}" -ge 65536 ]'

pid=$(bx systemctl show -P MainPID "ctr@$ONE")
run cat "/proc/$pid/uid_map"
[ -n "$uid_one" ] || uid_one=unknown
check "ctr@$ONE's uid_map maps container 0 to $uid_one, 65536 IDs" has "^ +0 +$uid_one +65536$" "$out"

wait_for 10 bx test -e "$VOL/$ONE"
run stat -c %u "$VOL/$ONE"
check "a file ctr@$ONE's root creates in a volume belongs to $uid_one on the host" eval '[ "$out" = "$uid_one" ]'

run "$SWCTL" status "$ONE"
check "swctl status shows the user namespace's maps" has "User NS: +uid 0:$uid_one:65536 gid 0:$uid_one:65536" "$out"
run "$SWCTL" inspect "$ONE"
check "swctl inspect shows the user namespace's maps" has "uid 0:$uid_one:65536 gid 0:$uid_one:65536" "$out"

run systemctl restart "ctr@$ONE"
again=$(host_uid "$ONE")
out="after restart: $again"
check "a restart keeps ctr@$ONE's range" eval '[ -n "$again" ] && [ "$again" = "$uid_one" ]'

checks_summary
