#!/usr/bin/env bash
# Ring 2 checks of health checks and readiness against a real systemd:
# a healthy container shows (healthy) in ps, a check that starts failing
# turns it unhealthy and HealthOnFailure=restart restarts the unit, a check
# past HealthTimeout= fails and leaves no process behind, and
# Notify=yes / Notify=healthy hold `systemctl start` until READY=1.
#
#   Tests/rings/health-box-check.sh LEADER_PID IMAGE
#
# LEADER_PID is the box's PID 1 as seen from the host; IMAGE the demo image's
# root file system in the box. The containers get a tiny static sd_notify
# client, built here with the host's C compiler and bind-mounted in.
# Prints `ok - …`/`FAIL - …` per check and `N passed, N failed`; exits 1
# when any check failed.
set -uo pipefail

LEADER=${1:?usage: health-box-check.sh LEADER_PID IMAGE}
IMAGE=${2:?usage: health-box-check.sh LEADER_PID IMAGE}
SWCTL=${SWCTL:-swctl}
DEFS=/etc/swctl/containers
TOOL=/srv/health-check-tool
# shellcheck source=Tests/rings/box-checks.sh
. "$(dirname "$0")/box-checks.sh"

NAMES="hc hctimeout notifyyes notifyhealthy img"
cleanup() {
    for n in $NAMES; do bx systemctl stop "ctr@$n.service" >/dev/null 2>&1; done
    for n in $NAMES; do bx rm -f "$DEFS/$n.container"; done
    bx "$SWCTL" image rm localhost/health-check:1 >/dev/null 2>&1
    bx rm -rf "$TOOL" /var/lib/health-check-archive
    bx systemctl daemon-reload
    rm -rf "$WORK"
}
WORK=$(mktemp -d)
trap cleanup EXIT

# sd-notify STATE PROGRAM ARGS…: sends STATE to $NOTIFY_SOCKET, then
# becomes PROGRAM (the same PID, so systemd knows the sender as the main
# process even after the message).
cat >"$WORK/sd-notify.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv) {
    const char *path = getenv("NOTIFY_SOCKET");
    if (argc < 3 || !path) { fprintf(stderr, "sd-notify: usage: STATE PROGRAM..., with NOTIFY_SOCKET\n"); return 2; }
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    strncpy(address.sun_path, path, sizeof address.sun_path - 1);
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || sendto(fd, argv[1], strlen(argv[1]), 0, (struct sockaddr *)&address, sizeof address) < 0) {
        perror("sd-notify: send");
        return 1;
    }
    execv(argv[2], argv + 2);
    perror("sd-notify: exec");
    return 127;
}
C
if ! cc -static -O2 -o "$WORK/sd-notify" "$WORK/sd-notify.c"; then
    fail "build the static sd_notify client (cc -static)"
    checks_summary
    exit 1
fi
bx mkdir -p "$TOOL"
bx sh -c "cat >$TOOL/sd-notify && chmod 0755 $TOOL/sd-notify" <"$WORK/sd-notify"

# ── health: healthy, then unhealthy → HealthOnFailure=restart ───────────────
bx sh -c "cat >$DEFS/hc.container" <<EOF_DEF
[Container]
Image=$IMAGE
Exec=/bin/sleep 300
HealthCmd=test ! -e /tmp/bad
HealthInterval=1s
HealthRetries=2
HealthTimeout=5s
HealthOnFailure=restart
[Service]
Restart=no
# sleep as PID 1 ignores SIGTERM: the restart's stop would wait 10 s.
TimeoutStopSec=2
EOF_DEF
bx systemctl daemon-reload

run systemctl show -P Wants ctr@hc.service
check "a container with HealthCmd= wants its ctr-health@ timer" eval 'has "ctr-health@hc.timer" "$out"'

run "$SWCTL" start hc
check "the container with a health check starts" eval '[ $rc -eq 0 ]'
run systemctl is-active ctr-health@hc.timer
check "its timer runs while it runs" eval '[ "$out" = active ]'

wait_for 15 bash -c "nsenter -t $LEADER -a $SWCTL ps | grep -q '^hc .*(healthy)'"
run "$SWCTL" ps
check "ps shows Up … (healthy) once the check passed" eval 'has "^hc .*Up .*\(healthy\)" "$out"'

run "$SWCTL" healthcheck run hc
check "swctl healthcheck run by hand exits 0 while the check passes" eval '[ $rc -eq 0 ]'

run "$SWCTL" status hc
check "status shows the health and the last check" eval 'has "^Health: +healthy" "$out" && has "^Last check:.*exit 0" "$out"'

run "$SWCTL" inspect hc
check "inspect carries the health log" eval 'has "\"health\"" "$out" && has "\"exitCode\" *: *0" "$out"'

pid_before=$(bx systemctl show -P MainPID ctr@hc.service)
restarts_before=$(bx systemctl show -P NRestarts ctr@hc.service)
run "$SWCTL" exec hc touch /tmp/bad
run "$SWCTL" healthcheck run hc
manual_err=$err
check "healthcheck run by hand exits 1 and says unhealthy once the check fails" \
    eval '[ $rc -eq 1 ] && [ "$out" = unhealthy ]'

restarted() {
    local pid
    pid=$(nsenter -t "$LEADER" -a systemctl show -P MainPID ctr@hc.service)
    [ -n "$pid" ] && [ "$pid" != 0 ] && [ "$pid" != "$pid_before" ] &&
        nsenter -t "$LEADER" -a systemctl is-active -q ctr@hc.service
}
if wait_for 20 restarted; then
    ok "a check that fails HealthRetries= times restarts the unit (MainPID $pid_before → $(bx systemctl show -P MainPID ctr@hc.service))"
else
    run journalctl -u ctr-health@hc.service -n 20 --no-pager
    fail "a check that fails HealthRetries= times restarts the unit" "MainPID still $pid_before" "${out:0:1200}"
fi
run journalctl -u ctr-health@hc.service --no-pager -o cat
check "the health service's journal (or the run by hand) says why (unhealthy after 2 failures, HealthOnFailure=restart)" \
    eval 'has "unhealthy after 2 failures \(HealthOnFailure=restart\)" "$out$manual_err"'
run systemctl show -P NRestarts ctr@hc.service
check "the restart was requested, not Restart= (NRestarts unchanged)" eval '[ "$out" = "$restarts_before" ]'
wait_for 15 bash -c "nsenter -t $LEADER -a $SWCTL ps | grep -q '^hc .*(healthy)'"
run "$SWCTL" ps
check "after the restart the container is healthy again (a fresh /tmp)" eval 'has "^hc .*\(healthy\)" "$out"'
run "$SWCTL" stop hc
run systemctl is-active ctr-health@hc.timer
check "the timer stops with the container" eval '[ "$out" != active ]'

# ── HealthTimeout=: the check fails and its process is killed ──────────────
bx sh -c "cat >$DEFS/hctimeout.container" <<EOF_DEF
[Container]
Image=$IMAGE
Exec=/bin/sleep 300
HealthCmd=/bin/sleep 4242
HealthInterval=disable
HealthTimeout=1s
[Service]
TimeoutStopSec=2
EOF_DEF
bx systemctl daemon-reload
run "$SWCTL" start hctimeout
check "a container whose check outlives HealthTimeout= starts" eval '[ $rc -eq 0 ]'
run "$SWCTL" healthcheck run hctimeout
check "healthcheck run fails when the check outlives HealthTimeout=" eval '[ $rc -eq 1 ]'
run "$SWCTL" inspect hctimeout
check "the result says it timed out (exit 124)" eval 'has "timed out after 1s" "$out" && has "\"exitCode\" *: *124" "$out"'
run pgrep -f "sleep 4242"
check "the timed-out check's process is gone from the container" eval '[ $rc -ne 0 ]'
run "$SWCTL" stop hctimeout

# ── Notify=yes: the application's own READY=1 ──────────────────────────────
bx sh -c "cat >$DEFS/notifyyes.container" <<EOF_DEF
[Container]
Image=$IMAGE
Volume=$TOOL:/opt/tool:ro
Exec=/bin/sh -c 'sleep 3; exec /opt/tool/sd-notify READY=1 /bin/sleep 300'
Notify=yes
[Service]
TimeoutStartSec=30
TimeoutStopSec=2
EOF_DEF
bx systemctl daemon-reload
start=$SECONDS
run systemctl start ctr@notifyyes.service
took=$((SECONDS - start))
check "Notify=yes: systemctl start returns only after the application's READY=1 (took ${took}s, ≥ 3)" \
    eval '[ $rc -eq 0 ] && [ $took -ge 3 ]'
run systemctl is-active ctr@notifyyes.service
check "Notify=yes: the unit is active afterwards" eval '[ "$out" = active ]'
run "$SWCTL" exec notifyyes sh -c 'echo $NOTIFY_SOCKET; test -S /run/notify/notify.sock && echo socket'
check "Notify=yes: the container has NOTIFY_SOCKET=/run/notify/notify.sock, a socket" \
    eval 'has "^/run/notify/notify.sock$" "$out" && has "^socket$" "$out"'
run systemctl show -P NotifyAccess ctr@notifyyes.service
check "Notify=yes: the unit has NotifyAccess=all" eval '[ "$out" = all ]'
bx systemctl stop ctr@notifyyes.service

# ── Notify=healthy: READY=1 once the first check passed ────────────────────
bx sh -c "cat >$DEFS/notifyhealthy.container" <<EOF_DEF
[Container]
Image=$IMAGE
Exec=/bin/sh -c 'sleep 4; touch /tmp/ready; exec sleep 300'
HealthCmd=test -e /tmp/ready
HealthInterval=1s
Notify=healthy
[Service]
TimeoutStartSec=30
TimeoutStopSec=2
EOF_DEF
bx systemctl daemon-reload
start=$SECONDS
run systemctl start ctr@notifyhealthy.service
took=$((SECONDS - start))
check "Notify=healthy: systemctl start returns once the check passes (took ${took}s, ≥ 4)" \
    eval '[ $rc -eq 0 ] && [ $took -ge 4 ]'
run "$SWCTL" ps
check "Notify=healthy: then active and (healthy)" eval 'has "^notifyhealthy .*Up .*\(healthy\)" "$out"'
bx systemctl stop ctr@notifyhealthy.service

# ── an image's HEALTHCHECK, no Health*= key ───────────────────────────────
# A `docker save` archive of the demo image whose config has a Healthcheck.
bx sh -c "set -e
d=/var/lib/health-check-archive; rm -rf \$d; mkdir -p \$d
tar -C $IMAGE -cf \$d/layer.tar .
sum=\$(sha256sum \$d/layer.tar | cut -d' ' -f1)
printf '{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/bin/sleep\",\"300\"],\"Healthcheck\":{\"Test\":[\"CMD-SHELL\",\"test ! -e /tmp/bad\"],\"Retries\":1}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:%s\"]}}' \$sum >\$d/config.json
printf '[{\"Config\":\"config.json\",\"RepoTags\":[\"localhost/health-check:1\"],\"Layers\":[\"layer.tar\"]}]' >\$d/manifest.json
tar -C \$d -cf \$d/image.tar manifest.json config.json layer.tar"
run "$SWCTL" image load -i /var/lib/health-check-archive/image.tar
check "an image with a HEALTHCHECK loads" eval '[ $rc -eq 0 ]'
bx sh -c "printf '[Container]\nImage=localhost/health-check:1\n[Service]\nTimeoutStopSec=2\n' >$DEFS/img.container
systemctl daemon-reload"
run "$SWCTL" start img
run systemctl is-active ctr-health@img.timer
check "the image's HEALTHCHECK alone starts the check's timer (swctl prepare)" eval '[ "$out" = active ]'
run "$SWCTL" ps
check "ps shows (starting) until the first check (30 s, the image sets no interval)" \
    eval 'has "^img .*Up .*\(starting\)" "$out"'
run "$SWCTL" healthcheck run img
check "healthcheck run uses the image's command (passes)" eval '[ $rc -eq 0 ]'
run "$SWCTL" exec img touch /tmp/bad
run "$SWCTL" healthcheck run img
check "and fails once the image's command fails (Retries=1 from the image: unhealthy)" \
    eval '[ $rc -eq 1 ] && [ "$out" = unhealthy ]'
run "$SWCTL" ps
check "ps shows (unhealthy)" eval 'has "^img .*Up .*\(unhealthy\)" "$out"'
bx systemctl stop ctr@img.service

checks_summary
