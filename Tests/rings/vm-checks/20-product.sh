#!/bin/bash
# The installed product under the VM's systemd: a definition with a
# [Service] MemoryMax= runs as ctr@demo with the limit as a unit property
# (systemd sets memory.max on the unit's cgroup; the runtime sets nothing).
# Scripts run inside the container are single-quoted on purpose (SC2016);
# lib.sh sets $out and $rc (SC2154).
# shellcheck disable=SC2016,SC2154 source=Tests/rings/vm-checks/lib.sh
. ./lib.sh

mkdir -p /etc/swctl/containers
cat >/etc/swctl/containers/demo.container <<DEF
[Container]
Image=$ROOTFS
Exec=/bin/sh -c 'echo demo up; while :; do sleep 1; done'

[Service]
MemoryMax=64M
DEF
systemctl daemon-reload
out=$(systemctl start ctr@demo 2>&1)
rc=$?
active=$(systemctl is-active ctr@demo 2>&1)
cgroup=$(systemctl show -P ControlGroup ctr@demo 2>&1)
max=$(cat "$CG$cgroup/memory.max" 2>&1)
if [ "$rc" = 0 ] && [ "$active" = active ] && [ "$max" = 67108864 ]; then
    ok "systemctl start ctr@demo with MemoryMax=64M: active, $cgroup memory.max 67108864"
else
    fail "systemctl start ctr@demo with MemoryMax=64M: active, memory.max 67108864" "start rc=$rc: $out" \
        "is-active: $active" "cgroup: $cgroup" "memory.max: $max" \
        "$(systemctl status --no-pager -n 20 ctr@demo 2>&1)"
fi
# The container's processes are in that cgroup's subtree, so the limit holds them.
main=$(systemctl show -P MainPID ctr@demo)
if [ -n "$main" ] && [ "$main" != 0 ] && grep -q "^0::$cgroup" "/proc/$main/cgroup"; then
    ok "ctr@demo: the container's init ($main) is in the unit's cgroup subtree"
else
    fail "ctr@demo: the container's init is in the unit's cgroup subtree" "MainPID=$main" \
        "$(cat "/proc/$main/cgroup" 2>&1)"
fi
systemctl stop ctr@demo
rm -f /etc/swctl/containers/demo.container
systemctl daemon-reload
exit 0
