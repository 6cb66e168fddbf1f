#!/usr/bin/env bash
# Ring 2 checks of the image store against a real systemd: a zstd image
# built by umoci and skopeo, loaded and run as ctr@NAME; the image's
# StopSignal reaches the container on `systemctl stop` (through the unit's
# ExecStop), a definition's StopSignal= becomes KillSignal=; inspect shows
# the image's digests and layers; `image rm` and `image prune -a` leave an
# image a definition uses alone and remove what nothing uses.
#
#   Tests/rings/images-box-check.sh LEADER_PID IMAGE_DIR
#
# LEADER_PID is the box's PID 1 as seen from the host; IMAGE_DIR a busybox
# root directory inside the box (ring 2's demo image). umoci, skopeo and
# zstd must be installed (the box is an overlay of the host's root); jq on
# the host. Prints `ok - …`/`FAIL - …` and `N passed, N failed`; exits 1
# when any check failed. Leaves no container or image behind.
set -uo pipefail

LEADER=${1:?usage: images-box-check.sh LEADER_PID IMAGE_DIR}
ROOTFS=${2:?usage: images-box-check.sh LEADER_PID IMAGE_DIR}
SWCTL=${SWCTL:-swctl}
DEFS=/etc/swctl/containers
WORK=/var/lib/images-check
# shellcheck source=Tests/rings/box-checks.sh
. "$(dirname "$0")/box-checks.sh"

cleanup() {
    for name in quitter intr; do
        bx systemctl stop "ctr@$name" >/dev/null 2>&1
        bx rm -f "$DEFS/$name.container"
    done
    bx systemctl daemon-reload >/dev/null 2>&1
    bx "$SWCTL" image rm -f localhost/quitter:1 localhost/plain:1 >/dev/null 2>&1
    bx "$SWCTL" image prune -f >/dev/null 2>&1
    bx rm -rf "$WORK"
}
trap cleanup EXIT

# ── an image with a config: StopSignal, a port, a label; zstd layers ──────
run sh -ec "
    rm -rf $WORK && mkdir -p $WORK && cd $WORK
    umoci init --layout oci && umoci new --image oci:img
    umoci unpack --image oci:img bundle >/dev/null
    cp -a $ROOTFS/. bundle/rootfs/
    umoci repack --image oci:img bundle
    umoci config --image oci:img --config.stopsignal SIGQUIT --config.exposedports 8080/tcp \
        --config.label org.opencontainers.image.title=quitter \
        --config.cmd /bin/sh --config.cmd -c \
        --config.cmd 'trap \"echo got SIGQUIT; exit 0\" QUIT; echo ready; while :; do sleep 1; done'
    skopeo copy -q --dest-compress-format zstd oci:oci:img oci-archive:$WORK/quitter.tar:1"
check "umoci and skopeo build a zstd OCI archive" eval '[ $rc -eq 0 ]'

run "$SWCTL" image load -i "$WORK/quitter.tar" --name localhost/quitter
check "image load of the zstd archive names localhost/quitter:1" eval '[ $rc -eq 0 ] && has "Loaded image: localhost/quitter:1" "$out"'

run sh -c "tar -C $ROOTFS -cf - . | zstd -q > $WORK/rootfs.tar.zst && $SWCTL image import $WORK/rootfs.tar.zst localhost/plain:1"
check "image import of a .tar.zst root filesystem" eval '[ $rc -eq 0 ] && has "^sha256:" "$out"'

run "$SWCTL" image inspect localhost/quitter:1
inspect=$out
check "image inspect shows ExposedPorts, StopSignal and Labels" eval \
    '[ "$(jq -c "[.exposedPorts, .stopSignal, .labels[\"org.opencontainers.image.title\"]]" <<<"$inspect")" = "[[\"8080/tcp\"],\"SIGQUIT\",\"quitter\"]" ]'
check "image inspect shows a zstd layer blob" eval \
    '[ "$(jq -r ".layerBlobs[0].mediaType" <<<"$inspect")" = application/vnd.oci.image.layer.v1.tar+zstd ]'

# ── containers from it ─────────────────────────────────────────────────────
bx mkdir -p "$DEFS"
bx sh -c "cat > $DEFS/quitter.container" <<'DEF'
[Container]
Image=localhost/quitter:1
Network=none
DEF
bx sh -c "cat > $DEFS/intr.container" <<'DEF'
[Container]
Image=localhost/quitter:1
Network=none
StopSignal=SIGINT
Exec=/bin/sh -c 'trap "echo got SIGINT; exit 0" INT; echo ready; while :; do sleep 1; done'
DEF
run systemctl daemon-reload
run systemctl start ctr@quitter ctr@intr
check "systemctl start of two containers from the stored image" eval '[ $rc -eq 0 ]'
wait_for 10 eval 'bx journalctl -u ctr@quitter -o cat --no-pager | grep -q "^ready$"'

run systemctl show -P KillSignal ctr@intr
check "StopSignal=SIGINT in the definition becomes KillSignal=2" eval '[ "$out" = 2 ]'

run cat /run/swctl/bundles/quitter/config.json
check "the spec carries the image's stop signal, ports and labels as annotations" eval \
    '[ "$(jq -c "[.annotations[\"org.opencontainers.image.stopSignal\"], .annotations[\"org.opencontainers.image.exposedPorts\"], .annotations[\"org.opencontainers.image.title\"]]" <<<"$out")" = "[\"SIGQUIT\",\"8080/tcp\",\"quitter\"]" ]'

run "$SWCTL" inspect quitter
container=$out
manifest=$(jq -r .manifestDigest <<<"$inspect")
check "inspect NAME shows the image's manifest digest, config digest and layers" eval \
    '[ "$(jq -r ".[0].imageDetails.manifestDigest" <<<"$container")" = "$manifest" ] &&
     [ "$(jq -r ".[0].imageDetails.configDigest" <<<"$container")" = "$(jq -r .configDigest <<<"$inspect")" ] &&
     [ "$(jq -r ".[0].imageDetails.layers[0].diffID" <<<"$container")" = "$(jq -r ".config.rootfs.diff_ids[0]" <<<"$inspect")" ]'

# ── rm and prune leave used images alone ───────────────────────────────────
run "$SWCTL" image rm localhost/quitter:1
check "image rm refuses an image a definition uses" eval '[ $rc -ne 0 ] && has "used by container (intr|quitter)" "$err"'

run "$SWCTL" image prune -a -f
prune=$out
check "image prune -a untags the unused image and reports the space" eval \
    'has "^Untagged: localhost/plain:1$" "$prune" && has "^Total reclaimed space: [0-9.]+[KMG]$" "$prune"'
check "image prune -a keeps the image two definitions use" eval '! has "quitter" "$prune"'
run "$SWCTL" image ls
check "image ls still lists localhost/quitter" eval 'has "^localhost/quitter +1 " "$out"'

# ── the stop signals reach the containers ─────────────────────────────────
start=$(date +%s%N)
run systemctl stop ctr@quitter
stop_ms=$((($(date +%s%N) - start) / 1000000))
run journalctl -u ctr@quitter -o cat --no-pager
check "systemctl stop delivers the image's SIGQUIT (the shell, PID 1, ignores SIGTERM) in ${stop_ms} ms" eval \
    'has "^got SIGQUIT$" "$out" && [ $stop_ms -lt 5000 ]'
run systemctl show -P Result ctr@quitter
check "the stop ends cleanly (Result=success, no timeout)" eval '[ "$out" = success ]'

run systemctl stop ctr@intr
run journalctl -u ctr@intr -o cat --no-pager
check "the definition's StopSignal=SIGINT wins over the image's" eval 'has "^got SIGINT$" "$out" && ! has "got SIGQUIT" "$out"'

# ── with no definition left, prune removes the rest ───────────────────────
run sh -c "rm -f $DEFS/quitter.container $DEFS/intr.container && systemctl daemon-reload"
run "$SWCTL" image prune -a -f
check "once no definition uses it, prune -a removes the image" eval \
    'has "^Untagged: localhost/quitter:1$" "$out" && has "^Deleted layer: sha256:" "$out"'
layer=$(jq -r '.config.rootfs.diff_ids[0]' <<<"$inspect")
run sh -c "ls /var/lib/swctl/images/layers /var/lib/swctl/images/blobs/sha256"
check "neither its layer nor its manifest is left in the store" eval \
    '! has "${layer#sha256:}" "$out" && ! has "${manifest#sha256:}" "$out"'

checks_summary
