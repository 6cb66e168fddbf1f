#!/usr/bin/env bash
# Ring 2 check of pulling from a registry at container start: a registry
# (Debian's docker-registry) runs inside the box on localhost:5123 (5000 is
# the package's own docker-registry.service, which the box boots too) as a
# transient unit, an image built on the host with umoci is pushed to it with
# skopeo, and definitions name it with Pull=:
#   - Pull=missing (the default): the unit starts after network-online.target,
#     `systemctl start` pulls the image in ExecStartPre and the container
#     runs; `swctl image ls` shows it;
#   - Pull=never with an image the store lacks: the start fails and the
#     journal has one line naming the definition and the image.
#
#   Tests/rings/pull-box-check.sh LEADER_PID
#
# LEADER_PID is the box's PID 1 as seen from the host. docker-registry and
# skopeo must be installed on the host (the box's root is an overlay of it);
# umoci and busybox-static on the host build the image. Prints `ok - …` /
# `FAIL - …` and `N passed, N failed`; exits 1 when any check failed.
set -uo pipefail

LEADER=${1:?usage: pull-box-check.sh LEADER_PID}
SWCTL=${SWCTL:-swctl}
# shellcheck source=Tests/rings/box-checks.sh
. "$(dirname "$0")/box-checks.sh"

for tool in docker-registry skopeo umoci; do
    if ! command -v "$tool" >/dev/null; then
        echo "pull-box-check: $tool is not installed (scripts/deps.sh): skipped"
        exit 0
    fi
done

work=/var/lib/swctl-pull-check
boxwork=/proc/$LEADER/root$work
trap 'bx systemctl stop ctr@pulled ctr@notpulled swctl-test-registry >/dev/null 2>&1; rm -rf "$boxwork"' EXIT
mkdir -p "$boxwork"

# An image: busybox and a greeting, built on the host into the box's disk.
umoci init --layout "$boxwork/oci" >/dev/null
umoci new --image "$boxwork/oci:pulled" >/dev/null
umoci unpack --image "$boxwork/oci:pulled" "$boxwork/bundle" >/dev/null
mkdir -p "$boxwork/bundle/rootfs/bin"
cp /bin/busybox "$boxwork/bundle/rootfs/bin/busybox"
echo "pulled from the registry" >"$boxwork/bundle/rootfs/greeting"
umoci repack --image "$boxwork/oci:pulled" "$boxwork/bundle" >/dev/null
rm -rf "$boxwork/bundle"

cat >"$boxwork/config.yml" <<YML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $work/data}}
http: {addr: 127.0.0.1:5123}
YML
run systemd-run --unit swctl-test-registry docker-registry serve "$work/config.yml"
check "a registry runs in the box as a transient unit" eval '[ $rc -eq 0 ]'
wait_for 10 bx bash -c 'exec 3<>/dev/tcp/127.0.0.1/5123' 2>/dev/null
run skopeo copy -q --dest-tls-verify=false "oci:$work/oci:pulled" docker://localhost:5123/pulled:1
check "skopeo pushes the image to localhost:5123" eval '[ $rc -eq 0 ]'

mkdir -p "/proc/$LEADER/root/etc/swctl/containers"
cat >"/proc/$LEADER/root/etc/swctl/containers/pulled.container" <<'DEF'
[Container]
Image=localhost:5123/pulled:1
Exec=/bin/busybox sh -c 'cat /greeting; exec /bin/busybox sleep 1000'
Network=none
DEF
cat >"/proc/$LEADER/root/etc/swctl/containers/notpulled.container" <<'DEF'
[Container]
Image=localhost:5123/absent:1
Pull=never
Exec=/bin/busybox true
Network=none
DEF
run systemctl daemon-reload

run systemctl show -P After ctr@pulled
check "ctr@pulled starts after network-online.target (it may pull)" has "network-online.target" "$out"
run systemctl show -P After ctr@notpulled
check "ctr@notpulled (Pull=never) does not wait for network-online.target" eval '! has "network-online.target" "$out"'

run "$SWCTL" image ls
check "the store has no pulled image before the start" eval '! has "localhost:5123/pulled" "$out"'

run systemctl start ctr@pulled
check "systemctl start ctr@pulled (Image=localhost:5123/pulled:1, Pull=missing) succeeds" eval '[ $rc -eq 0 ]'
wait_for 10 eval 'run journalctl -u ctr@pulled -q --no-pager -o cat; has "pulled from the registry" "$out"'
check "the pulled container prints its image's greeting to the journal" has "pulled from the registry" "$out"

run "$SWCTL" image ls
check "swctl image ls shows localhost:5123/pulled 1" has "^localhost:5123/pulled +1 " "$out"

run systemctl start ctr@notpulled
check "systemctl start ctr@notpulled (Pull=never, image absent) fails" eval '[ $rc -ne 0 ]'
# prepare logs to journald natively: give the journal a moment to have it.
wait_for 10 eval 'run journalctl -u ctr@notpulled -q --no-pager -o cat; has "not in the image store" "$out"'
check "the journal names the definition, the image and Pull=never in one line" \
    has "notpulled.container: Image=localhost:5123/absent:1: not in the image store and Pull=never" "$out"

checks_summary
