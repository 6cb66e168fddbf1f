#!/usr/bin/env bash
# Ring 2: the installed product under a real systemd (PID 1 in a box, see
# Tests/rings/box.sh). Checks what an admin would check after dropping
# definitions into /etc/swctl/containers: units start, logs reach journald,
# swctl shows and stops them, exit codes and stop timeouts behave as
# systemd's own, a broken file is reported and skipped, and an enabled
# container comes back after a reboot.
#
#   make check-box                (release build, then this script)
#   Tests/rings/ring2-box.sh      (needs root and a release build)
#
# RING2_BOX (default /tmp/box) is the box directory. Prints `ok - …` or
# `FAIL - …` per assertion, ends with `N passed, N failed`.
set -uo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
SCRATCH=${SCRATCH:-.build}
BOXDIR=${RING2_BOX:-/tmp/box}
IMAGE=/usr/share/swctl/images/busybox
DEFS=/etc/swctl/containers
# Every command in the box is bounded, so a hung command fails one assertion
# instead of the run.
export BOX_EXEC_TIMEOUT=${BOX_EXEC_TIMEOUT:-60}

# shellcheck source=Tests/rings/box.sh
. "$REPO/Tests/rings/box.sh"

passed=0
failed=0
started_at=$(date +%s%N)

ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

pass() {
    passed=$((passed + 1))
    echo "ok - $1"
}

# fail DESCRIPTION [WHAT WAS SEEN…]
fail() {
    failed=$((failed + 1))
    echo "FAIL - $1"
    shift
    if [ $# -gt 0 ]; then
        printf '%s\n' "$@" | head -n 25 | sed 's/^/    | /'
    fi
}

# bx CMD…: run CMD in the box; sets $out (stdout+stderr) and $rc.
bx() {
    out=$(box_exec "$@" </dev/null 2>&1)
    rc=$?
}

# What the last bx saw, for a FAIL line.
seen() { printf 'ran: %s (exit %s)\n%s' "$1" "$rc" "$out"; }

# wait_for SECONDS CMD…: retry CMD in the box until it succeeds.
wait_for() {
    local seconds=$1 deadline
    shift
    deadline=$(($(date +%s) + seconds))
    while :; do
        bx "$@"
        [ $rc -eq 0 ] && return 0
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 0.5
    done
}

# unit_debug NAME: what systemd knows about ctr@NAME, for a FAIL line.
unit_debug() {
    box_exec systemctl status --no-pager -n 15 "ctr@$1" </dev/null 2>&1 | head -n 25
}

phase() { echo "# ── $1 ($(ms_since "$started_at") ms)"; }

# ── the box, with the product installed ─────────────────────────────────────
phase "install and boot"
for p in swctl swctl-runtime swctl-generator; do
    if [ ! -x "$REPO/$SCRATCH/release/$p" ]; then
        echo "ring2: $REPO/$SCRATCH/release/$p is missing: run 'make release' (or make check-box)" >&2
        exit 1
    fi
done
box_init "$BOXDIR" || exit 1
if box_install "$REPO"; then
    pass "make install DESTDIR=<box root> installs the product"
else
    fail "make install DESTDIR=<box root> installs the product" "$(tail -n 20 "$BOX_DIR/install.log")"
    exit 1
fi
if [ -x "$BOX_DIR/root$IMAGE/bin/sh" ]; then
    pass "the demo image is installed at $IMAGE"
else
    fail "the demo image is installed at $IMAGE" "no $IMAGE/bin/sh in the box (is busybox-static installed?)"
fi
boot_start=$(date +%s%N)
box_boot || exit 1
echo "# box booted in $(ms_since "$boot_start") ms"

# ── definitions ─────────────────────────────────────────────────────────────
phase "definitions"
write_def() {
    box_exec sh -c "mkdir -p $DEFS && cat > $DEFS/$1"
}
write_def hello.container <<EOF
[Unit]
Description=Greeter for the ring 2 test

[Container]
Image=$IMAGE
Exec=/bin/sh -c 'echo hello from \$(hostname); i=0; while :; do echo tick \$i; i=\$((i+1)); sleep 1; done'

[Install]
WantedBy=multi-user.target
EOF
# The unknown key is on line 4: the report must name it.
write_def broken.container <<EOF
[Container]
Image=$IMAGE
Exec=/bin/true
NoSuchKey=1
EOF
# Good, but not enabled: it must not come back after a reboot.
write_def other.container <<EOF
[Container]
Image=$IMAGE
Exec=/bin/sh -c 'echo other up; while :; do sleep 1; done'
EOF
write_def exit3.container <<EOF
[Container]
Image=$IMAGE
Exec=/bin/sh -c 'echo exiting with 3; sleep 1; exit 3'
EOF
write_def stubborn.container <<EOF
[Container]
Image=$IMAGE
Exec=/bin/sh -c 'trap "" TERM; echo ignoring SIGTERM; while :; do sleep 1; done'
EOF

bx systemctl daemon-reload
if [ $rc -eq 0 ]; then
    pass "systemctl daemon-reload succeeds with a broken definition present"
else
    fail "systemctl daemon-reload succeeds with a broken definition present" "$(seen 'systemctl daemon-reload')"
fi

bx sh -c "journalctl -b --no-pager | grep -E 'broken\\.container:4:'"
if [ $rc -eq 0 ]; then
    pass "the generator reports the broken definition in the journal as FILE:LINE: ($(echo "$out" | head -n 1 | sed 's/^.*broken/broken/'))"
else
    bx sh -c "journalctl -b --no-pager | grep -iE 'swctl|generator|broken' | tail -n 10"
    fail "the generator reports the broken definition in the journal as broken.container:4: …" "$(seen "journalctl -b | grep -iE 'swctl|generator|broken'")"
fi

bx swctl validate "$DEFS/broken.container"
if [ $rc -ne 0 ] && echo "$out" | grep -qE 'broken\.container:4:'; then
    pass "swctl validate exits non-zero on the broken file with FILE:LINE ($(echo "$out" | grep -m1 -E 'broken\.container:4:' | sed 's/^.*broken/broken/'))"
else
    fail "swctl validate exits non-zero on the broken file with broken.container:4: …" "$(seen "swctl validate $DEFS/broken.container")"
fi
bx swctl validate "$DEFS/hello.container"
if [ $rc -eq 0 ]; then
    pass "swctl validate accepts a good file"
else
    fail "swctl validate accepts a good file" "$(seen "swctl validate $DEFS/hello.container")"
fi

# ── a running container ─────────────────────────────────────────────────────
phase "start"
declare -A started=()
for name in hello other; do
    bx systemctl start "ctr@$name"
    if [ $rc -eq 0 ]; then
        started[$name]=1
        pass "systemctl start ctr@$name succeeds next to the broken definition"
    else
        fail "systemctl start ctr@$name succeeds next to the broken definition" "$(seen "systemctl start ctr@$name")" "$(unit_debug "$name")"
    fi
done

# Let it print a few lines.
if ! wait_for 10 sh -c 'journalctl -u ctr@hello -o cat --no-pager | grep -q "^tick 2$"'; then
    echo "# hello printed no 'tick 2' within 10 s"
fi

bx swctl ps
if echo "$out" | grep -E '(^|[[:space:]])hello([[:space:]]|$)' | grep -q 'Up'; then
    pass "swctl ps shows hello Up ($(echo "$out" | grep -m1 -E '(^|[[:space:]])hello([[:space:]]|$)' | tr -s ' '))"
else
    fail "swctl ps shows hello Up" "$(seen 'swctl ps')"
fi

bx journalctl -u ctr@hello -o cat --no-pager
if [ $rc -eq 0 ] && echo "$out" | grep -q '^hello from ' && echo "$out" | grep -qE '^tick [0-9]+$'; then
    pass "journalctl -u ctr@hello shows the container's lines"
else
    fail "journalctl -u ctr@hello shows the container's lines" "$(seen 'journalctl -u ctr@hello -o cat')"
fi

bx swctl logs hello
if [ $rc -eq 0 ] && echo "$out" | grep -q 'hello from ' && echo "$out" | grep -qE 'tick [0-9]+$'; then
    pass "swctl logs hello shows the container's lines"
else
    fail "swctl logs hello shows the container's lines" "$(seen 'swctl logs hello')"
fi

bx journalctl CONTAINER_NAME=hello -o cat --no-pager
if [ $rc -eq 0 ] && echo "$out" | grep -qE '^tick [0-9]+$'; then
    pass "journalctl CONTAINER_NAME=hello finds the container's lines"
else
    fail "journalctl CONTAINER_NAME=hello finds the container's lines" "$(seen 'journalctl CONTAINER_NAME=hello -o cat')"
fi

# The container keeps printing: the two lines must be consecutive ticks, no
# older than the last line before the call, no newer than the last one after.
last_tick() {
    box_exec journalctl CONTAINER_NAME=hello -o cat --no-pager -n 1 </dev/null 2>/dev/null |
        sed -n 's/^tick \([0-9][0-9]*\)$/\1/p'
}
before=$(last_tick)
bx swctl logs -n 2 hello
after=$(last_tick)
lines=$(printf '%s' "$out" | grep -c '' || true)
t1=$(echo "$out" | sed -n '1s/^.*tick \([0-9][0-9]*\)[[:space:]]*$/\1/p')
t2=$(echo "$out" | sed -n '2s/^.*tick \([0-9][0-9]*\)[[:space:]]*$/\1/p')
if [ $rc -eq 0 ] && [ "$lines" -eq 2 ] && [ -n "$t1" ] && [ -n "$t2" ] && [ -n "$before" ] && [ -n "$after" ] &&
    [ "$t2" -eq $((t1 + 1)) ] && [ "$t2" -ge "$before" ] && [ "$t2" -le "$after" ]; then
    pass "swctl logs -n 2 hello prints exactly the last 2 lines (tick $t1, tick $t2)"
else
    fail "swctl logs -n 2 hello prints exactly the last 2 lines" "$(seen 'swctl logs -n 2 hello')" \
        "($lines lines; last tick before the call: ${before:-none}, after: ${after:-none})"
fi

# ── no supervisor: the container is the unit's main process ────────────────
bx systemctl show -p MainPID --value ctr@hello
main_pid=$out
bx sh -c "tr '\\0' ' ' < /proc/$main_pid/cmdline"
hello_running=
if [ -n "$main_pid" ] && [ "$main_pid" != 0 ] && echo "$out" | grep -q 'echo hello from'; then
    hello_running=1
    pass "the unit's MainPID ($main_pid) is the container's process"
else
    fail "the unit's MainPID is the container's process" "MainPID=${main_pid:-?}" "$(seen "cat /proc/$main_pid/cmdline")"
fi
# Only meaningful while the container runs.
bx pgrep -a swctl-runtime
if [ -z "$hello_running" ]; then
    fail "no swctl-runtime process remains while hello runs" "hello is not running: nothing to check"
elif [ $rc -ne 0 ] && [ -z "$out" ]; then
    pass "no swctl-runtime process remains (pgrep swctl-runtime is empty)"
else
    fail "no swctl-runtime process remains (pgrep swctl-runtime is empty)" "$(seen 'pgrep -a swctl-runtime')"
fi
# Every process of the unit belongs to the container: none of ours.
bx sh -c 'cg=$(systemctl show -p ControlGroup --value ctr@hello); [ -n "$cg" ] &&
    for f in $(find "/sys/fs/cgroup$cg" -name cgroup.procs); do
        for p in $(cat "$f"); do echo "$p $(cat /proc/$p/comm)"; done
    done'
if [ $rc -eq 0 ] && [ -n "$out" ] && ! echo "$out" | grep -q 'swctl'; then
    pass "the unit's cgroup holds only the container's processes ($(echo "$out" | awk '{print $2}' | sort | uniq -c | tr -s ' ' | tr '\n' ',' | sed 's/,$//'))"
else
    fail "the unit's cgroup holds only the container's processes" "$(seen 'processes in the unit cgroup')"
fi

bx swctl status hello
if [ $rc -eq 0 ] && echo "$out" | grep -qiE 'running|active|up' &&
    [ -n "$main_pid" ] && [ "$main_pid" != 0 ] && echo "$out" | grep -qw -- "$main_pid" &&
    echo "$out" | grep -qi 'memory' && echo "$out" | grep -qE 'tick [0-9]+'; then
    pass "swctl status hello shows state, main PID, memory and the last log lines"
else
    fail "swctl status hello shows state, main PID ($main_pid), memory and the last log lines" "$(seen 'swctl status hello')"
fi

# ── machined: machinectl sees the container, as it sees nspawn's ───────────
bx machinectl show hello -p Leader -p Class -p Service -p Unit -p RootDirectory
if [ $rc -eq 0 ] && [ -n "$main_pid" ] && echo "$out" | grep -qx "Leader=$main_pid" &&
    echo "$out" | grep -qx 'Class=container' && echo "$out" | grep -qx 'Service=swctl' &&
    echo "$out" | grep -qx 'Unit=ctr@hello.service' && echo "$out" | grep -qx 'RootDirectory=/run/swctl/bundles/hello/rootfs'; then
    pass "machinectl show hello: leader is the main PID, class container, service swctl, unit ctr@hello.service"
else
    fail "machinectl show hello: leader is the main PID ($main_pid), class container, service swctl, unit ctr@hello.service" \
        "$(seen 'machinectl show hello')"
fi

# ── exit codes ──────────────────────────────────────────────────────────────
phase "exit code"
bx systemctl start ctr@exit3
wait_for 15 sh -c '! systemctl is-active -q ctr@exit3' || true
bx systemctl show -p ExecMainStatus --value ctr@exit3
if [ "$out" = 3 ]; then
    pass "a container that exits 3 gives the unit ExecMainStatus=3"
else
    fail "a container that exits 3 gives the unit ExecMainStatus=3" "$(seen 'systemctl show -p ExecMainStatus')" "$(unit_debug exit3)"
fi
bx swctl ps -a
if echo "$out" | grep -E '(^|[[:space:]])exit3([[:space:]]|$)' | grep -q 'Exited (3)'; then
    pass "swctl ps -a shows exit3 as Exited (3)"
else
    fail "swctl ps -a shows exit3 as Exited (3)" "$(seen 'swctl ps -a')"
fi

# ── stop: SIGTERM, then SIGKILL after the grace period ──────────────────────
phase "stop timeout"
bx systemctl start ctr@stubborn
if [ $rc -eq 0 ] && wait_for 10 sh -c 'journalctl -u ctr@stubborn -o cat --no-pager | grep -q "^ignoring SIGTERM$"'; then
    stop_start=$(date +%s%N)
    bx systemctl stop ctr@stubborn
    stop_ms=$(ms_since "$stop_start")
    bx2_rc=$rc
    bx sh -c 'systemctl is-active ctr@stubborn; systemctl show -p MainPID --value ctr@stubborn;
        journalctl -u ctr@stubborn -o cat --no-pager | grep -i "killing"'
    if [ $bx2_rc -eq 0 ] && [ "$stop_ms" -ge 9000 ] && [ "$stop_ms" -le 16000 ] &&
        echo "$out" | grep -qiE 'timed out.*killing' && ! echo "$out" | grep -qx 'active'; then
        pass "systemctl stop on a container that ignores SIGTERM ends with SIGKILL after the 10 s grace period (${stop_ms} ms)"
    else
        fail "systemctl stop on a container that ignores SIGTERM ends with SIGKILL after the 10 s grace period" \
            "stop took ${stop_ms} ms (exit $bx2_rc)" "$(seen 'is-active; MainPID; journal Killing')"
    fi
else
    fail "systemctl stop on a container that ignores SIGTERM ends with SIGKILL after the 10 s grace period" \
        "ctr@stubborn did not start" "$(unit_debug stubborn)"
fi

# ── swctl stop ──────────────────────────────────────────────────────────────
phase "swctl stop"
bx swctl stop hello
stop_rc=$rc
stop_out=$out
bx swctl ps -a
if [ $stop_rc -eq 0 ] && echo "$out" | grep -E '(^|[[:space:]])hello([[:space:]]|$)' | grep -q 'Exited'; then
    pass "swctl stop hello stops it (swctl ps -a: $(echo "$out" | grep -m1 -E '(^|[[:space:]])hello([[:space:]]|$)' | tr -s ' '))"
else
    fail "swctl stop hello stops it (swctl ps -a shows Exited)" "swctl stop hello: exit $stop_rc: $stop_out" "$(seen 'swctl ps -a')"
fi
bx sh -c 'systemctl is-active ctr@hello; grep " /run/swctl/bundles/hello" /proc/self/mountinfo; ls -d /run/swctl/bundles/hello 2>/dev/null'
if [ -z "$hello_running" ]; then
    fail "a stopped container leaves no mount or bundle behind" "hello never ran: nothing to check"
elif [ "$(echo "$out" | head -n 1)" != active ] && [ "$(echo "$out" | wc -l)" -eq 1 ]; then
    pass "a stopped container leaves no mount or bundle behind"
else
    fail "a stopped container leaves no mount or bundle behind" "$(seen 'is-active; mounts and bundle of hello')"
fi

bx machinectl show hello -p Leader
if [ $rc -ne 0 ]; then
    pass "machined forgets a stopped container (machinectl show hello fails)"
else
    fail "machined forgets a stopped container" "$(seen 'machinectl show hello')"
fi

# ── reboot: the enabled container comes back, the others do not ────────────
phase "reboot"
reboot_start=$(date +%s%N)
if box_reboot; then
    echo "# box rebooted in $(ms_since "$reboot_start") ms"
    if wait_for 20 systemctl is-active -q ctr@hello; then
        pass "an enabled definition (WantedBy=multi-user.target) is running again after a reboot"
    else
        bx systemctl is-active ctr@hello
        fail "an enabled definition (WantedBy=multi-user.target) is running again after a reboot" "$(seen 'systemctl is-active ctr@hello')" "$(unit_debug hello)"
    fi
    bx systemctl is-active ctr@other
    if [ -z "${started[other]:-}" ]; then
        fail "a definition without [Install] is not started at boot" "ctr@other never started: nothing to compare"
    elif [ "$out" != active ]; then
        pass "a definition without [Install] is not started at boot"
    else
        fail "a definition without [Install] is not started at boot" "$(seen 'systemctl is-active ctr@other')"
    fi
    # At boot, generators run before journald: on a host their report reaches
    # the journal through /dev/kmsg, which a container has not; there the
    # box's console (PID 1's, DIR/console.log) is the other place to look.
    bx sh -c "journalctl -b --no-pager | grep -E 'broken\\.container:4:'"
    boot_console=$(sed -n "/^── boot $BOX_BOOTS\$/,\$p" "$BOX_DIR/console.log")
    if [ $rc -eq 0 ]; then
        pass "at boot the generator reports the broken definition in the journal as FILE:LINE: and the boot goes on"
    elif echo "$boot_console" | grep -qE 'broken\.container:4:'; then
        pass "at boot the generator reports the broken definition on the console as FILE:LINE: and the boot goes on"
    else
        fail "at boot the generator reports the broken definition as FILE:LINE: (journal or console) and the boot goes on" \
            "$(seen "journalctl -b | grep broken.container:4:")" "console of this boot: no 'broken.container:4:'"
    fi
else
    fail "the box reboots" "$(tail -n 30 "$BOX_DIR/console.log")"
fi

# ── pause, top, inspect (before the CLI checks, which stop hello) ───────────
if [ -x "$REPO/Tests/rings/admin-box-check.sh" ] && box_exec systemctl is-active -q ctr@hello </dev/null; then
    phase "admin-box-check.sh"
    adm_out=$(timeout 300 "$REPO/Tests/rings/admin-box-check.sh" "$BOX_LEADER" hello </dev/null 2>&1)
    adm_rc=$?
    echo "$adm_out" | sed 's/^/    /'
    if [ $adm_rc -eq 0 ]; then
        pass "Tests/rings/admin-box-check.sh passes"
    else
        fail "Tests/rings/admin-box-check.sh passes" "exit $adm_rc"
    fi
fi

# ── the CLI's own checks ────────────────────────────────────────────────────
if [ -x "$REPO/Tests/rings/cli-box-check.sh" ]; then
    phase "cli-box-check.sh"
    # With hello running, the CLI checks also drive a real container.
    real=()
    if box_exec systemctl is-active -q ctr@hello </dev/null; then real=(hello); fi
    cli_out=$(timeout 600 "$REPO/Tests/rings/cli-box-check.sh" "$BOX_LEADER" "${real[@]}" </dev/null 2>&1)
    cli_rc=$?
    echo "$cli_out" | sed 's/^/    /'
    if [ $cli_rc -eq 0 ]; then
        pass "Tests/rings/cli-box-check.sh passes"
    else
        fail "Tests/rings/cli-box-check.sh passes" "exit $cli_rc"
    fi
fi

# box_check SCRIPT SECONDS ARGS…: run Tests/rings/SCRIPT against the box,
# its output indented, as one assertion of its own.
box_check() {
    local script=$1 seconds=$2 output status
    shift 2
    [ -x "$REPO/Tests/rings/$script" ] || return 0
    phase "$script"
    output=$(timeout "$seconds" "$REPO/Tests/rings/$script" "$BOX_LEADER" "$@" </dev/null 2>&1)
    status=$?
    echo "$output" | sed 's/^/    /'
    if [ $status -eq 0 ]; then pass "Tests/rings/$script passes"; else fail "Tests/rings/$script passes" "exit $status"; fi
}

box_check definitions-box-check.sh 120 "$IMAGE"
box_check run-box-check.sh 300 "$IMAGE"
box_check runtime-box-check.sh 300 "$IMAGE"
box_check pull-box-check.sh 300
box_check images-box-check.sh 300 "$IMAGE"
box_check security-box-check.sh 300 "$IMAGE"
box_check userns-box-check.sh 300 "$IMAGE"
box_check network-box-check.sh 300 "$IMAGE"
box_check named-network-box-check.sh 300 "$IMAGE"
box_check health-box-check.sh 180 "$IMAGE"
box_check keys-box-check.sh 120 "$IMAGE"
box_check lifecycle-box-check.sh 120 "$IMAGE"
box_check autoupdate-box-check.sh 180
box_check units-box-check.sh 120 "$IMAGE"

# ── the Debian package ──────────────────────────────────────────────────────
# Installed over what make install put there (same paths, now the package's),
# removed (so nothing of make install's is left), installed again: then a
# container must run from the package's files alone.
phase "Debian package"
deb_log=$(mktemp)
if SCRATCH="$SCRATCH" "$REPO/scripts/make-deb.sh" "$BOX_DIR/root/srv/dist" >"$deb_log" 2>&1; then
    deb=/srv/dist/$(basename "$(tail -n 1 "$deb_log")")
    bx sh -c "dpkg -i $deb && dpkg -s swctl | grep -x 'Status: install ok installed'"
    [ $rc -eq 0 ] && pass "dpkg -i $(basename "$deb") installs in the box" || fail "dpkg -i installs the package" "$(seen "dpkg -i $deb")"
    bx dpkg -L swctl
    listing=$out
    missing=
    for path in /usr/bin/swctl /usr/bin/swctl-runtime /usr/lib/systemd/system-generators/swctl-generator \
        /usr/lib/systemd/system/ctr@.service /usr/lib/tmpfiles.d/swctl.conf /usr/share/man/man8/swctl.8.gz \
        /usr/share/man/man8/swctl-runtime.8.gz /usr/share/man/man5/swctl.container.5.gz \
        /usr/share/bash-completion/completions/swctl /usr/share/swctl/images/busybox/bin/busybox \
        /usr/libexec/swctl/init /usr/lib/systemd/system/swctl-auto-update.timer; do
        grep -qx "$path" <<<"$listing" || missing="$missing $path"
    done
    bx sh -c 'zcat /usr/share/man/man8/swctl.8.gz | grep -q "^.SS \"run "'
    [ $rc -eq 0 ] && pass "the package's man pages are gzipped (swctl.8.gz documents run)" || fail "the package's man pages are gzipped and document run" "$(seen 'zcat swctl.8.gz')"
    [ -z "$missing" ] && pass "the package holds the binaries, generator, unit, tmpfiles, man pages, completions, demo image" ||
        fail "the package holds everything make install installs" "missing:$missing"
    bx sh -c 'dpkg -r swctl >/dev/null && ! test -e /usr/bin/swctl && ! test -e /usr/lib/systemd/system/ctr@.service'
    [ $rc -eq 0 ] && pass "dpkg -r swctl removes the binaries and the template unit" || fail "dpkg -r swctl removes its files" "$(seen 'dpkg -r swctl')"
    bx sh -c "dpkg -i $deb >/dev/null && mkdir -p $DEFS && printf '[Container]\nImage=$IMAGE\nExec=/bin/sh -c \"echo from the package; sleep 60\"\n' > $DEFS/pkgtest.container && systemctl daemon-reload && swctl start pkgtest"
    wait_for 10 sh -c 'swctl logs pkgtest | grep -qx "from the package"'
    [ $rc -eq 0 ] && pass "after dpkg -i alone, a container starts and logs (swctl start pkgtest)" ||
        fail "after dpkg -i alone, a container starts and logs" "$(seen 'swctl logs pkgtest')" "$(unit_debug pkgtest)"
    bx swctl stop pkgtest
else
    fail "scripts/make-deb.sh builds the package" "$(tail -n 20 "$deb_log")"
fi
rm -f "$deb_log"

phase "teardown"
down_start=$(date +%s%N)
box_down || fail "the box is torn down (nothing mounted, no cgroup left)"
echo "# box down in $(ms_since "$down_start") ms; whole ring 2 run $(ms_since "$started_at") ms"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
