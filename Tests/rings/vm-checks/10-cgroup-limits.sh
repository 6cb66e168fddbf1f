#!/bin/bash
# cgroup v2 limits, swctl-runtime against runc on the same bundle: what the
# container sees in its own cgroup (/sys/fs/cgroup in a cgroup namespace) and
# what the limits do to it.
# Scripts run inside the container are single-quoted on purpose (SC2016);
# lib.sh sets $out and $rc (SC2154).
# shellcheck disable=SC2016,SC2154 source=Tests/rings/vm-checks/lib.sh
. ./lib.sh

# ── memory.max: an allocation past the limit is OOM-killed ──────────────────
# swap = limit: no swap on top (memory.swap.max 0).
memory='{"memory": {"limit": 67108864, "swap": 67108864}}'
both memory "$memory" -- sh -c '
    echo "memory.max=$(cat /sys/fs/cgroup/memory.max)"
    echo "memory.swap.max=$(cat /sys/fs/cgroup/memory.swap.max)"
    dd if=/dev/zero of=/dev/null bs=160M count=1 2>/dev/null
    echo "dd exit=$?"
    grep "^oom_kill " /sys/fs/cgroup/memory.events'
differential "memory.limit 64M: memory.max, swap 0, a 160M allocation is OOM-killed (137, oom_kill 1)" \
    "$(printf '%s\n' memory.max=67108864 memory.swap.max=0 'dd exit=137' 'oom_kill 1')"

# ── pids.max: forks beyond the limit fail inside ─────────────────────────────
both pids '{"pids": {"limit": 10}}' -- sh -c '
    echo "pids.max=$(cat /sys/fs/cgroup/pids.max)"
    # A failed fork ends a non-interactive ash: fork in a subshell, so this
    # shell goes on to report (with 9 tasks left, one more fork fits).
    (i=0; while [ $i -lt 20 ]; do sleep 2 & i=$((i + 1)); done) 2>/dev/shm/err
    grep -q "fork" /dev/shm/err && echo "fork failed: yes"
    awk "/^max / { print (\$2 > 0 ? \"pids.events max > 0\" : \"pids.events max 0\") }" /sys/fs/cgroup/pids.events'
differential "pids.limit 10: fork beyond 10 tasks fails inside" \
    "$(printf '%s\n' pids.max=10 'fork failed: yes' 'pids.events max > 0')"

# ── memory, cpu, cpuset, io, unified: the files the container sees ───────────
disk=$(cat /sys/block/vda/dev 2>/dev/null || echo 254:0)
major=${disk%:*} minor=${disk#*:}
resources=$(
    cat <<JSON
{"memory": {"limit": 134217728, "reservation": 33554432, "swap": 268435456},
 "cpu": {"shares": 512, "quota": 25000, "period": 50000, "cpus": "1", "mems": "0"},
 "blockIO": {"weight": 300,
   "throttleReadBpsDevice": [{"major": $major, "minor": $minor, "rate": 1048576}],
   "throttleWriteIOPSDevice": [{"major": $major, "minor": $minor, "rate": 100}]},
 "unified": {"memory.high": "100663296", "pids.max": "50"}}
JSON
)
files='memory.max memory.low memory.swap.max cpu.weight cpu.max cpuset.cpus cpuset.mems io.weight io.max'
files="$files memory.high pids.max"
both files "$resources" -- sh -c "for f in $files; do echo \"\$f=\$(cat /sys/fs/cgroup/\$f | tr '\n' ';')\"; done"
differential "memory limit/reservation/swap, cpu shares/quota/period/cpus/mems, blockIO weight and throttles, unified: cgroup files" \
    "$(printf '%s\n' 'memory.max=134217728;' 'memory.low=33554432;' 'memory.swap.max=134217728;' \
        'cpu.weight=20;' 'cpu.max=25000 50000;' 'cpuset.cpus=1;' 'cpuset.mems=0;' 'io.weight=default 2930;' \
        "io.max=$disk rbps=1048576 wbps=max riops=max wiops=100;" 'memory.high=100663296;' 'pids.max=50;')"

# ── blockIO.weightDevice (swctl-runtime: runc 1.1 writes it only to io.bfq.weight) ──
# Per-device io.weight needs iocost on the device; without it, a clear error.
weight_device="{\"blockIO\": {\"weightDevice\": [{\"major\": $major, \"minor\": $minor, \"weight\": 500}]}}"
run_ctr swctl noiocost "$weight_device" -- true
if [ "$rc" != 0 ] && grep -qF "linux.resources.blockIO.weightDevice: write '$disk 4950' to" <<<"$out" &&
    grep -qF "EOPNOTSUPP" <<<"$out"; then
    ok "blockIO.weightDevice without iocost on $disk: exit $rc, the field and EOPNOTSUPP named"
else
    fail "blockIO.weightDevice without iocost on $disk: a clear error" "rc=$rc" "$out"
fi
echo "$disk enable=1" >"$CG/io.cost.qos"
run_ctr swctl weightdevice "$weight_device" -- sh -c 'cat /sys/fs/cgroup/io.weight | tr "\n" ";"'
if [ "$rc" = 0 ] && [ "$out" = "default 100;$disk 4950;" ]; then
    ok "blockIO.weightDevice $disk 500 with iocost on: io.weight '$disk 4950'"
else
    fail "blockIO.weightDevice $disk 500 with iocost on: io.weight '$disk 4950'" "rc=$rc" "$out"
fi
echo "$disk enable=0" >"$CG/io.cost.qos"

# ── a cpu quota is a real limit: a busy loop gets about quota/period ─────────
both cpuquota '{"cpu": {"quota": 20000, "period": 100000}}' -- sh -c '
    (while :; do :; done) & sleep 3; kill $!
    awk "/^usage_usec / { print (\$2 < 1500000 ? \"throttled\" : \"not throttled: \" \$2) }" /sys/fs/cgroup/cpu.stat
    awk "/^nr_throttled / { print (\$2 > 0 ? \"nr_throttled > 0\" : \"nr_throttled 0\") }" /sys/fs/cgroup/cpu.stat'
differential "cpu.quota 20%: a busy loop for 3 s uses under 1.5 s of CPU and is throttled" \
    "$(printf '%s\n' throttled 'nr_throttled > 0')"

# ── cpu.burst and cpu.idle (swctl-runtime: runc 1.1 sets neither) ────────────
run_ctr swctl burst '{"cpu": {"quota": 50000, "period": 100000, "burst": 20000, "idle": 1}}' -- \
    sh -c 'echo "$(cat /sys/fs/cgroup/cpu.max.burst) $(cat /sys/fs/cgroup/cpu.idle)"'
if [ "$rc" = 0 ] && [ "$out" = "20000 1" ]; then
    ok "cpu.burst 20000 and cpu.idle 1: cpu.max.burst and cpu.idle"
else
    fail "cpu.burst 20000 and cpu.idle 1: cpu.max.burst and cpu.idle" "rc=$rc" "$out"
fi

# ── hugetlb ──────────────────────────────────────────────────────────────────
if has_controller hugetlb && [ -d /sys/kernel/mm/hugepages/hugepages-2048kB ]; then
    both hugetlb '{"hugepageLimits": [{"pageSize": "2MB", "limit": 4194304}]}' -- \
        sh -c 'echo "hugetlb.2MB.max=$(cat /sys/fs/cgroup/hugetlb.2MB.max)"'
    differential "hugepageLimits 2MB: hugetlb.2MB.max" "hugetlb.2MB.max=4194304"
else
    skip "hugepageLimits: the kernel has no hugetlb controller or no 2MB pages"
fi

# ── a controller that is not available: one clear error, nothing left ────────
# /swctl-vm-limited passes on only pids, so its child `mid` has no memory;
# the container's cgroup would be mid/ctr.
limited=$CG/swctl-vm-limited
rmdir "$limited/mid/ctr" "$limited/mid" "$limited" 2>/dev/null
mkdir -p "$limited"
echo +pids >"$limited/cgroup.subtree_control"
mkdir -p "$limited/mid"
run_ctr swctl limited '{"memory": {"limit": 67108864}}' '.linux.cgroupsPath = "/swctl-vm-limited/mid/ctr"' -- true
expected="linux.resources.memory.limit: cgroup controller 'memory' is not available in $limited/mid (has: pids)"
if [ "$rc" != 0 ] && grep -qF "$expected" <<<"$out" && [ ! -e "$limited/mid/ctr" ] &&
    ! /usr/bin/swctl-runtime state swctl-limited >/dev/null 2>&1; then
    ok "memory limit without the memory controller: exit $rc, '$expected', no cgroup or state left"
else
    fail "memory limit without the memory controller: clear error, nothing left" "rc=$rc" "$out" \
        "left: $(ls -d "$limited/mid/ctr" 2>&1)"
fi
rmdir "$limited/mid" "$limited" 2>/dev/null

# ── a value the kernel refuses: the field named, nothing left ────────────────
run_ctr runc badcpus '{"cpu": {"cpus": "7"}}' -- true
runc_rc=$rc
run_ctr swctl badcpus '{"cpu": {"cpus": "7"}}' -- true
expected="linux.resources.cpu.cpus: write '7' to $CG/swctl-vm/swctl-badcpus/cpuset.cpus: ERANGE"
if [ "$rc" != 0 ] && [ "$runc_rc" != 0 ] && grep -qF "$expected" <<<"$out" && [ ! -e "$CG/swctl-vm/swctl-badcpus" ]; then
    ok "cpu.cpus 7 on a 2-CPU machine: exit $rc (runc: $runc_rc), the field and ERANGE named, no cgroup left"
else
    fail "cpu.cpus 7 on a 2-CPU machine: a clear error, no cgroup left" "rc=$rc (runc: $runc_rc)" "$out"
fi

# ── nothing left behind by either runtime ────────────────────────────────────
left=$(find "$CG/swctl-vm" -mindepth 1 -type d 2>/dev/null)
if [ -z "$left" ]; then
    ok "every container cgroup is gone after the runs"
else
    fail "every container cgroup is gone after the runs" "$left"
fi
rmdir "$CG/swctl-vm" 2>/dev/null
exit 0
