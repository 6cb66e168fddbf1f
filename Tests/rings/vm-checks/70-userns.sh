#!/bin/bash
# UserNS=auto on the VM's Debian kernel and ext4 root, the image where it is
# installed (no copy): the image's layer is idmapped under the overlay, the
# container's root is a host ID from swctl's pool, and it can write to its
# root filesystem. Then [Service] User= of a system user with an idmapped
# volume: the container runs as that user on the host, sees the volume's
# root-owned files as its root's, and what it writes there is the host
# root's.
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

id swctlvm >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin swctlvm
vol=/srv/userns-vol
mkdir -p "$vol" && chmod 0755 "$vol" && echo host >"$vol/hostfile"
cat >/etc/swctl/containers/svcuser.container <<DEF
[Container]
Image=$ROOTFS
Network=none
Volume=$vol:/vol:idmap
Exec=/bin/sh -c 'trap "exit 0" TERM; stat -c "vol=%u" /vol/hostfile; touch /vol/made; while :; do sleep 1; done'

[Service]
User=swctlvm
DEF
systemctl daemon-reload
out=$(systemctl start ctr@svcuser 2>&1)
rc=$?
main=$(systemctl show -P MainPID ctr@svcuser)
user=$(ps -o user= -p "$main" 2>&1 | tr -d ' ')
if [ "$rc" = 0 ] && [ "$user" = swctlvm ]; then
    ok "ctr@svcuser ([Service] User=swctlvm): ps -o user shows its init as swctlvm"
else
    fail "ctr@svcuser ([Service] User=swctlvm): init runs as swctlvm" "start rc=$rc: $out" "user: $user" \
        "$(journalctl -u ctr@svcuser -o cat --no-pager -n 10 2>&1)"
fi
owner=""
for _ in 1 2 3 4 5 6 7 8 9 10; do
    owner=$(stat -c %u "$vol/made" 2>/dev/null) && break
    sleep 0.5
done
seen=$(journalctl -u ctr@svcuser -o cat --no-pager 2>&1 | grep '^vol=')
if [ "$seen" = "vol=0" ] && [ "$owner" = 0 ]; then
    ok "ctr@svcuser: the idmapped volume's root-owned file is its root's, and what it writes there is the host root's"
else
    fail "ctr@svcuser: idmapped volume" "inside: $seen (want vol=0)" "owner of $vol/made on the host: $owner (want 0)"
fi
systemctl stop ctr@svcuser
rm -rf /etc/swctl/containers/svcuser.container "$vol"
systemctl daemon-reload
exit 0
