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
# copied to a tmpfs (/run) for these definitions. A third, with swctl.conf's
# `[UserNS] Layers=copy`, runs straight from the image on the overlayfs over
# a chown'ed copy its range owns; `swctl userns ls` lists the ranges and
# `swctl rm` frees one with its copy. A fourth, with `[Service] User=` of a
# system user, runs as that user on the host while its unit stays root's.
# A fifth takes its maps from /etc/subuid and /etc/subgid (`SubUIDMap=`);
# one naming an owner without a range fails its start with the line to add.
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
THREE=usernsc$$
FOUR=usernsd$$
FIVE=usernse$$
SIX=usernsf$$
SUBOWNER=swctlsub$$
SVCUSER=swctlsvc$$
CONF=/etc/swctl/swctl.conf
VOL=/var/lib/swctl-userns-check$$
COPY=/run/swctl-userns-image$$

cleanup() {
    bx systemctl stop "ctr@$ONE" "ctr@$TWO" "ctr@$THREE" "ctr@$FOUR" "ctr@$FIVE" "ctr@$SIX" >/dev/null 2>&1
    bx rm -rf "$DEFS/$ONE.container" "$DEFS/$TWO.container" "$DEFS/$THREE.container" "$DEFS/$FOUR.container" \
        "$DEFS/$FIVE.container" "$DEFS/$SIX.container" "$VOL" "$COPY"
    bx sed -i "/^$SUBOWNER:/d" /etc/subuid /etc/subgid
    bx userdel "$SVCUSER" >/dev/null 2>&1
    bx sh -c "if [ -e $CONF.userns$$ ]; then mv $CONF.userns$$ $CONF; else rm -f $CONF; fi"
    bx systemctl daemon-reload >/dev/null 2>&1
    bx "$SWCTL" userns prune >/dev/null 2>&1
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

# Layers=copy: the image stays on the box's overlayfs root.
bx sh -c "if [ -e $CONF ]; then cp $CONF $CONF.userns$$; fi; printf '[UserNS]\nLayers=copy\n' >> $CONF"
bx sh -c "cat > $DEFS/$THREE.container" <<DEF
[Container]
Image=$IMAGE
Network=none
UserNS=auto
Exec=/bin/sh -c 'trap "exit 0" TERM; stat -c "passwd=%u" /etc/passwd; while :; do sleep 1; done'
DEF
run sh -c "systemctl daemon-reload && systemctl start ctr@$THREE"
check "systemctl start ctr@$THREE (UserNS=auto, [UserNS] Layers=copy, image on overlayfs)" eval '[ $rc -eq 0 ]'
uid_three=$(host_uid "$THREE")
out="ctr@$THREE: ${uid_three:-none}"
check "ctr@$THREE's init runs as an unprivileged uid of its own range" \
    eval '[ "${uid_three:-0}" -ge 1879048192 ] && [ "$uid_three" != "$uid_one" ] && [ "$uid_three" != "$uid_two" ]'
copies=/var/lib/swctl/userns/copies/${uid_three:-none}-65536/dirs
run sh -c "stat -c '%u:%g' $copies/*/etc/passwd $copies/*/bin"
check "the layer copy's files are owned by ctr@$THREE's range on the host" \
    eval '[ "$out" = "$(printf "%s\n" "$uid_three:$uid_three" "$uid_three:$uid_three")" ]'
run stat -c %u "$IMAGE/etc/passwd"
check "the image itself is still root's" eval '[ "$out" = 0 ]'
run journalctl -o cat -u "ctr@$THREE" --no-pager
check "the container sees its /etc/passwd as root's" has "^passwd=0$" "$out"

run "$SWCTL" userns ls
check "swctl userns ls lists the three ranges, ctr@$THREE's in use" \
    has "^$THREE +$uid_three-$((uid_three + 65535)) +65536 +yes$" "$out"
check "swctl userns ls lists ctr@$ONE's range" has "^$ONE +$uid_one-" "$out"
run "$SWCTL" userns ls --format json
check "swctl userns ls --format json" has "\"name\": ?\"$THREE\", ?\"hostStart\": ?$uid_three" "$out"

run sh -c "systemctl stop ctr@$THREE && $SWCTL rm --definition $THREE"
check "swctl rm --definition $THREE" eval '[ $rc -eq 0 ]'
run cat /var/lib/swctl/userns/ranges
check "swctl rm freed ctr@$THREE's range" eval '! has "^$THREE " "$out" && has "^$ONE " "$out"'
run test -e "/var/lib/swctl/userns/copies/$uid_three-65536"
check "swctl rm removed the range's layer copies" eval '[ $rc -ne 0 ]'

# [Service] User=: a system user is the container's root on the host.
bx useradd --system --no-create-home --shell /usr/sbin/nologin "$SVCUSER"
bx sh -c "cat > $DEFS/$FOUR.container" <<DEF
[Container]
Image=$IMAGE
Network=none
Exec=/bin/sh -c 'trap "exit 0" TERM; id -u; while :; do sleep 1; done'

[Service]
User=$SVCUSER
DEF
run sh -c "systemctl daemon-reload && systemctl start ctr@$FOUR"
check "systemctl start ctr@$FOUR ([Service] User=$SVCUSER)" eval '[ $rc -eq 0 ]'
pid=$(bx systemctl show -P MainPID "ctr@$FOUR")
run ps -o user= -p "$pid"
check "ps -o user on the host shows ctr@$FOUR's init as $SVCUSER" eval '[ "$(echo $out)" = "$SVCUSER" ]'
run journalctl -o cat -u "ctr@$FOUR" --no-pager
check "inside, ctr@$FOUR's init is root" has "^0$" "$out"
run systemctl show -P User "ctr@$FOUR"
check "the unit itself does not switch user (prepare and the runtime run as root)" eval '[ -z "$out" ]'

bx sh -c "echo $SUBOWNER:400000:65536 >> /etc/subuid && echo $SUBOWNER:500000:65536 >> /etc/subgid"
for name in "$FIVE" "$SIX"; do
    owner=$SUBOWNER
    [ "$name" = "$SIX" ] && owner=norange$$
    bx sh -c "cat > $DEFS/$name.container" <<DEF
[Container]
Image=$COPY
Network=none
SubUIDMap=$owner
Exec=/bin/sh -c 'trap "exit 0" TERM; while :; do sleep 1; done'
DEF
done
run sh -c "systemctl daemon-reload && systemctl start ctr@$FIVE"
check "systemctl start ctr@$FIVE (SubUIDMap=$SUBOWNER)" eval '[ $rc -eq 0 ]'
pid=$(bx systemctl show -P MainPID "ctr@$FIVE")
run cat "/proc/$pid/uid_map" "/proc/$pid/gid_map"
check "its maps are $SUBOWNER's ranges in /etc/subuid and /etc/subgid" \
    eval '[ "$(echo $out)" = "0 400000 65536 0 500000 65536" ]'
run ps -o uid= -p "$pid"
check "ps on the host shows ctr@$FIVE's init as uid 400000" eval '[ "$(echo $out)" = 400000 ]'
run systemctl start "ctr@$SIX"
check "a SubUIDMap= owner without a range fails the start" eval '[ $rc -ne 0 ]'
run journalctl -o cat -u "ctr@$SIX" --no-pager
check "the journal says which line to add" has "SubUIDMap=norange$$: no range for norange$$ in /etc/subuid \\(add a line" "$out"

checks_summary
