#!/bin/bash
# The escape suite: from inside default containers run by the installed
# product (systemctl start ctr@NAME), every way out must be refused, with
# its cause: seccomp (moby's default profile), capabilities, masked and
# read-only paths, the device cgroup, namespaces, AppArmor's swctl-default
# profile, and the unit's cgroup v2 limits (pids, memory, cpu).
# /usr/lib/swctl-vm/checks/escape-probe is Tests/escape/escape-probe.c, built
# static by ring3-vm.sh and bind-mounted into the containers.
# Scripts run inside the container are single-quoted on purpose (SC2016);
# lib.sh sets $out and $rc (SC2154).
# shellcheck disable=SC2016,SC2154 source=Tests/rings/vm-checks/lib.sh
. ./lib.sh

PROBE=/usr/lib/swctl-vm/checks/escape-probe
OUT=$WORK/escape
DEFS=/etc/swctl/containers
if [ ! -x "$PROBE" ]; then
    fail "escape suite: $PROBE is missing (ring3-vm.sh builds it with gcc -static)"
    exit 0
fi
rm -rf "$OUT"
mkdir -p "$OUT" "$DEFS"
chmod 1777 "$OUT"  # the uid-1000 container writes there too
# A setuid-root copy for the no_new_privs check.
install -m 4755 -o root "$PROBE" "$OUT/suid-probe"

# define NAME [Container] LINES…: a definition with the probe and $OUT mounted.
define() {
    local name=$1
    shift
    {
        echo "[Container]"
        echo "Image=$ROOTFS"
        echo "Volume=$PROBE:/escape-probe:ro"
        echo "Volume=$OUT:/out"
        printf '%s\n' "$@"
    } >"$DEFS/$name.container"
}

# run_unit NAME: starts ctr@NAME, waits (30 s at most) for it to end; sets $out
# to what the container wrote to /out/NAME and $rc to systemctl start's exit.
run_unit() {
    local name=$1
    systemctl daemon-reload
    out=$(systemctl start "ctr@$name" 2>&1)
    rc=$?
    for _ in $(seq 60); do
        systemctl is-active -q "ctr@$name" || break
        sleep 0.5
    done
    out=$(cat "$OUT/$name" 2>/dev/null)$'\n'$out
}

value() { sed -n "s/^$1=//p" <<<"$out" | head -n 1; }

host_pid=$$
host_name=$(hostname)
attacks="mount umount unshare-user unshare-mount clone-newns clone3 keyctl add_key bpf open_by_handle_at"
attacks+=" mknod-block mknod-kmsg mknod-mem write-proc-sys write-sysrq write-sys read-kcore read-kmsg sethostname"
attacks+=" init_module finit_module vsock personality ptrace=$host_pid kill=$host_pid raw-socket"
define escape "Exec=/bin/sh -c '/escape-probe $attacks >/out/escape 2>&1; cat /proc/self/attr/current >/out/escape.attr 2>&1'"
run_unit escape
allowed=$(grep '=ALLOWED' <<<"$out" | grep -v '^raw-socket=')
count=$(grep -c '=denied:' <<<"$out")
if [ "$rc" = 0 ] && [ -z "$allowed" ] && [ "$count" -ge 25 ]; then
    ok "default container: $count escapes denied ($(grep '=denied:' <<<"$out" | tr '\n' ' '))"
else
    fail "default container: every escape denied" "start rc=$rc" "$out" \
        "$(journalctl -u ctr@escape -n 20 --no-pager 2>&1)"
fi
# The causes that matter: seccomp's EPERM (clone3's ENOSYS), the pid
# namespace's ESRCH, the read-only /proc/sys and /sys, the device cgroup's
# EPERM; /proc/kcore is masked (empty), and AppArmor denies it first (EACCES).
expect_causes="mount=denied:EPERM unshare-user=denied:EPERM clone3=denied:ENOSYS keyctl=denied:EPERM
bpf=denied:EPERM open_by_handle_at=denied:EPERM mknod-block=denied:EPERM init_module=denied:EPERM
finit_module=denied:EPERM sethostname=denied:EPERM ptrace=denied:ESRCH kill=denied:ESRCH vsock=denied:EPERM
write-proc-sys=denied:EROFS write-sys=denied:EROFS read-kcore=denied:(empty|EACCES) read-kmsg=denied:ENOENT"
wrong=
for expected in $expect_causes; do
    grep -Eqx "$expected" <<<"$out" || wrong+="$expected (seen: $(grep "^${expected%%=*}=" <<<"$out")) "
done
if [ -z "$wrong" ]; then
    ok "default container: each escape fails with its cause (seccomp EPERM, clone3 ENOSYS, ESRCH, EROFS, masked)"
else
    fail "default container: each escape fails with its cause" "$wrong"
fi
if [ "$(hostname)" = "$host_name" ]; then
    ok "the host's hostname is unchanged ($host_name)"
else
    fail "the host's hostname is unchanged" "was $host_name, now $(hostname)"
fi

# ── AppArmor: the container runs under swctl-default, which denies by itself ──
if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ]; then
    attr=$(cat "$OUT/escape.attr" 2>/dev/null)
    if [ "$attr" = "swctl-default (enforce)" ]; then
        ok "default container: confined by AppArmor profile $attr"
    else
        fail "default container: confined by AppArmor profile swctl-default (enforce)" "attr: $attr"
    fi
    # With the masks lifted, only the profile stands between the container
    # and /proc/sysrq-trigger ('h' only prints the help to the kernel log).
    define aa-unmasked "Unmask=ALL" "Exec=/bin/sh -c '/escape-probe write-sysrq >/out/aa-unmasked 2>&1'"
    run_unit aa-unmasked
    under_profile=$(value write-sysrq)
    define aa-unconfined "Unmask=ALL" "AppArmor=unconfined" \
        "Exec=/bin/sh -c '/escape-probe write-sysrq >/out/aa-unconfined 2>&1'"
    run_unit aa-unconfined
    unconfined=$(value write-sysrq)
    if [ "$under_profile" = denied:EACCES ] && [ "$unconfined" = ALLOWED ]; then
        ok "Unmask=ALL: writing /proc/sysrq-trigger is denied by swctl-default (EACCES), allowed with AppArmor=unconfined"
    else
        fail "Unmask=ALL: /proc/sysrq-trigger denied by the profile, allowed unconfined" \
            "under swctl-default: $under_profile" "unconfined: $unconfined"
    fi
else
    skip "AppArmor is not enabled in this kernel"
fi

# ── capabilities and no_new_privs ────────────────────────────────────────────
define noraw "DropCapability=NET_RAW" "Exec=/bin/sh -c '/escape-probe raw-socket >/out/noraw 2>&1'"
run_unit noraw
if [ "$(value raw-socket)" = denied:EPERM ]; then
    ok "DropCapability=NET_RAW: a raw socket is denied (EPERM)"
else
    fail "DropCapability=NET_RAW: a raw socket is denied" "$out"
fi
define suid "User=1000" "Volume=$OUT/suid-probe:/suid-probe:ro" \
    "Exec=/bin/sh -c '/suid-probe whoami >/out/suid 2>&1'"
run_unit suid
if [ "$(value euid)" = 1000 ]; then
    ok "NoNewPrivileges (default): a setuid-root binary run by uid 1000 stays euid 1000"
else
    fail "NoNewPrivileges: a setuid-root binary stays euid 1000" "$out" \
        "$(journalctl -u ctr@suid -n 15 --no-pager 2>&1)"
fi

# ── pids: the default limit, and a fork bomb stopped by PidsLimit= ────────────
tasks_max=$(systemctl show -P TasksMax ctr@escape)
if [ "$tasks_max" = 2048 ]; then
    ok "a definition without PidsLimit= gets TasksMax=2048"
else
    fail "a definition without PidsLimit= gets TasksMax=2048" "TasksMax=$tasks_max"
fi
# 256, not the default: 2048 shells would fill the 2 GB VM before the limit bites.
define bomb "PidsLimit=256" "Exec=/bin/sh -c 'b() { b | b & }; b; sleep 60'"
systemctl daemon-reload
systemctl start ctr@bomb >/dev/null 2>&1
sleep 6
tasks_max=$(systemctl show -P TasksMax ctr@bomb)
cgroup=$(systemctl show -P ControlGroup ctr@bomb)
current=$(cat "$CG$cgroup/pids.current" 2>/dev/null)
events=$(awk '/^max /{print $2}' "$CG$cgroup/pids.events" 2>/dev/null)
started=$(date +%s%N)
responsive=$(systemctl is-system-running 2>&1; ls / >/dev/null && echo ls-ok)
elapsed_ms=$((($(date +%s%N) - started) / 1000000))
systemctl stop ctr@bomb
if [ "$tasks_max" = 256 ] && [ -n "$current" ] && [ "$current" -le 256 ] && [ "${events:-0}" -gt 0 ] &&
    grep -q ls-ok <<<"$responsive" && [ "$elapsed_ms" -lt 5000 ]; then
    ok "fork bomb: stopped at TasksMax=$tasks_max (pids.current $current, pids.events max $events), host answered in ${elapsed_ms} ms"
else
    fail "fork bomb: stopped by PidsLimit=256, host responsive" "TasksMax=$tasks_max" \
        "pids.current=$current pids.events max=$events" "host: $responsive in ${elapsed_ms} ms"
fi

# ── memory: an allocation past Memory= is OOM-killed and the unit says so ────
# The allocation is a child of the container's init, as an application's
# worker would be: systemd then stops the unit with Result=oom-kill. (When
# the init itself is the one killed, systemd 252 reports Result=signal and
# logs "A process of this unit has been killed by the OOM killer".)
define oom "Memory=32M" "Exec=/bin/sh -c 'dd if=/dev/zero of=/dev/null bs=96M count=1; sleep 30'"
run_unit oom
result=$(systemctl show -P Result ctr@oom)
if [ "$result" = oom-kill ]; then
    ok "Memory=32M: a 96M allocation is OOM-killed, systemctl show -p Result = oom-kill"
else
    fail "Memory=32M: OOM-killed, Result=oom-kill" "Result=$result" \
        "$(journalctl -u ctr@oom -n 10 --no-pager 2>&1)"
fi
systemctl reset-failed ctr@oom 2>/dev/null

# ── cpu: a busy loop under CPUs=0.2 gets about a fifth of one CPU ────────────
define spin "CPUs=0.2" "Exec=/bin/sh -c 'while :; do :; done'"
systemctl daemon-reload
systemctl start ctr@spin >/dev/null 2>&1
cgroup=$(systemctl show -P ControlGroup ctr@spin)
sleep 1
u0=$(awk '/^usage_usec/{print $2}' "$CG$cgroup/cpu.stat") t0=$(date +%s%N)
sleep 4
u1=$(awk '/^usage_usec/{print $2}' "$CG$cgroup/cpu.stat") t1=$(date +%s%N)
cpu_max=$(cat "$CG$cgroup/cpu.max" 2>&1)
status=$(swctl status spin 2>&1)
systemctl stop ctr@spin
share=$(((u1 - u0) * 1000 / ((t1 - t0) / 1000)))   # per mille of one CPU
if [ "$share" -gt 50 ] && [ "$share" -le 260 ]; then
    ok "CPUs=0.2: a busy loop used $share per mille of one CPU (cpu.max $cpu_max)"
else
    fail "CPUs=0.2: a busy loop uses about 200 per mille of one CPU" "used $share per mille"
fi

# ── what swctl status says about a running container's confinement ────────
if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ]; then
    expected_apparmor="AppArmor: +swctl-default$"
else
    expected_apparmor="AppArmor: +unconfined \(AppArmor not enabled\)$"
fi
if grep -Eq "$expected_apparmor" <<<"$status" && grep -Eq "^Seccomp: +swctl-default \(moby default\)" <<<"$status" &&
    grep -Eq "^NoNewPrivs: +yes$" <<<"$status"; then
    ok "swctl status spin: $(grep -E '^(Seccomp|AppArmor):' <<<"$status" | tr -s ' ' | tr '\n' ';')"
else
    fail "swctl status shows the seccomp profile, AppArmor profile and no_new_privs" "$status"
fi

for name in escape aa-unmasked aa-unconfined noraw suid bomb oom spin; do
    rm -f "$DEFS/$name.container"
done
systemctl daemon-reload
exit 0
