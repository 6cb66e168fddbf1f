#!/bin/bash
# The resource keys of a definition under the VM's systemd: MemorySwap=,
# CPUWeight= and IOWeight= become unit properties that systemd writes to the
# unit's cgroup (memory.swap.max, cpu.weight, io.weight); Ulimit= and
# ShmSize= are set by the runtime, seen from inside with `ulimit` and in
# /proc/mounts.
# Scripts run inside the container are single-quoted on purpose (SC2016);
# lib.sh sets $out and $rc (SC2154).
# shellcheck disable=SC2016,SC2154 source=Tests/rings/vm-checks/lib.sh
. ./lib.sh

seen=$WORK/limits-seen
rm -rf "$seen"
mkdir -p /etc/swctl/containers "$seen"
cat >/etc/swctl/containers/limits.container <<DEF
[Container]
Image=$ROOTFS
Network=none
Volume=$seen:/seen
Memory=64M
MemorySwap=96M
CPUWeight=20
IOWeight=300
Ulimit=nofile=1000:2000
Ulimit=nproc=300
ShmSize=8M
Exec=/bin/sh -c 'echo "nofile \$(ulimit -Sn) \$(ulimit -Hn)" >/seen/out; echo "nproc \$(ulimit -Su) \$(ulimit -Hu)" >>/seen/out; grep " /dev/shm " /proc/mounts >>/seen/out; while :; do sleep 1; done'
DEF
systemctl daemon-reload
out=$(systemctl start ctr@limits 2>&1)
rc=$?
cgroup=$(systemctl show -P ControlGroup ctr@limits 2>&1)
read_file() { tr '\n' ';' <"$CG$cgroup/$1" 2>&1; }
swap=$(read_file memory.swap.max) weight=$(read_file cpu.weight) io=$(read_file io.weight)
if [ "$rc" = 0 ] && [ "$swap" = "33554432;" ] && [ "$weight" = "20;" ] && grep -q "^default 300;" <<<"$io"; then
    ok "ctr@limits: MemorySwap=96M over Memory=64M, CPUWeight=20, IOWeight=300: memory.swap.max 33554432, cpu.weight 20, io.weight default 300"
else
    fail "ctr@limits: memory.swap.max 33554432, cpu.weight 20, io.weight default 300" "start rc=$rc: $out" \
        "cgroup: $cgroup" "memory.swap.max: $swap" "cpu.weight: $weight" "io.weight: $io" \
        "$(systemctl show -p MemorySwapMax -p CPUWeight -p IOWeight ctr@limits 2>&1)" \
        "$(systemctl status --no-pager -n 20 ctr@limits 2>&1)"
fi

for _ in 1 2 3 4 5 6 7 8 9 10; do
    [ "$(wc -l <"$seen/out" 2>/dev/null)" = 3 ] && break
    sleep 0.5
done
inside=$(cat "$seen/out" 2>&1)
if grep -qx "nofile 1000 2000" <<<"$inside" && grep -qx "nproc 300 300" <<<"$inside"; then
    ok "ctr@limits: Ulimit=nofile=1000:2000 and nproc=300: ulimit inside shows 1000/2000 and 300/300"
else
    fail "ctr@limits: ulimit inside shows nofile 1000 2000 and nproc 300 300" "$inside"
fi
if grep -q " /dev/shm tmpfs .*size=8192k" <<<"$inside"; then
    ok "ctr@limits: ShmSize=8M: /dev/shm is an 8192k tmpfs"
else
    fail "ctr@limits: ShmSize=8M: /dev/shm is an 8192k tmpfs" "$inside"
fi

systemctl stop ctr@limits
rm -f /etc/swctl/containers/limits.container
rm -rf "$seen"
systemctl daemon-reload
exit 0
