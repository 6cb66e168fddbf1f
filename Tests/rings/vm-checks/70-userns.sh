#!/bin/bash
# UserNS=auto on the VM's Debian kernel and ext4 root, the image where it is
# installed (no copy): the image's layer is idmapped under the overlay, the
# container's root is a host ID from swctl's pool, and it can write to its
# root filesystem.
# lib.sh sets $out and $rc (SC2154).
# shellcheck disable=SC2154 source=Tests/rings/vm-checks/lib.sh
. ./lib.sh

mkdir -p /etc/swctl/containers
cat >/etc/swctl/containers/mapped.container <<DEF
[Container]
Image=$ROOTFS
Network=none
UserNS=auto
Exec=/bin/sh -c 'trap "exit 0" TERM; touch /made-by-root; while :; do sleep 1; done'
DEF
systemctl daemon-reload
out=$(systemctl start ctr@mapped 2>&1)
rc=$?
main=$(systemctl show -P MainPID ctr@mapped)
uid=$(ps -o uid= -p "$main" 2>&1 | tr -d ' ')
map=$(tr -s ' ' <"/proc/$main/uid_map" 2>&1)
if [ "$rc" = 0 ] && [ "${uid:-0}" -ge 1879048192 ] 2>/dev/null && [ "$map" = " 0 $uid 65536" ]; then
    ok "ctr@mapped (UserNS=auto, image on ext4): init runs as host uid $uid, uid_map '0 $uid 65536'"
else
    fail "ctr@mapped (UserNS=auto): init runs as a host uid from the pool" "start rc=$rc: $out" "uid: $uid" \
        "uid_map: $map" "$(journalctl -u ctr@mapped -o cat --no-pager -n 10 2>&1)"
fi
upper=/var/lib/swctl/containers/mapped/upper/made-by-root
owner=""
for _ in 1 2 3 4 5 6 7 8 9 10; do
    owner=$(stat -c %u "$upper" 2>/dev/null) && break
    sleep 0.5
done
if [ -n "$owner" ] && [ "$owner" = "$uid" ]; then
    ok "ctr@mapped: a file its root creates in / lands in the writable layer owned by $uid"
else
    fail "ctr@mapped: a file its root creates in / is owned by $uid on the host" "owner: $owner"
fi
systemctl stop ctr@mapped
rm -f /etc/swctl/containers/mapped.container
systemctl daemon-reload
exit 0
