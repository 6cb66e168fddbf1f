#!/usr/bin/env bash
# Ring 2 checks of templates, volume files and references against a real
# systemd and generator:
#   - a template unitck@.container with an instance link and a
#     DefaultInstance= runs as two units at once, ctr@unitck@a and
#     ctr@unitck@b, each with %i resolved and the host name unitck-a/-b;
#     swctl ps/status/logs take the instance names;
#   - a container with Volume=ucdata.volume:/data and Network=ucnet (a
#     network file): starting it starts swctl-volume@ucdata.service first
#     (made, owned as User=/Group= say), the network comes up with it, and a
#     counter in the volume survives a restart; a named volume fills from the
#     image on first use; a Type=tmpfs volume file is mounted by its unit and
#     unmounted when it stops; swctl volume ls/inspect/rm behave;
#   - an .image file's unit pulls from a registry in the box (localhost:5124)
#     before the container that names it (skipped without docker-registry,
#     skopeo and umoci on the host);
#   - swctl validate reports a reference to a missing volume file at its line.
#
#   Tests/rings/units-box-check.sh LEADER_PID IMAGE
#
# LEADER_PID is the box's PID 1 as seen from the host; IMAGE the demo image's
# root file system in the box. Prints `ok - …`/`FAIL - …` per check and
# `N passed, N failed`; exits 1 when any check failed.
set -uo pipefail

LEADER=${1:?usage: units-box-check.sh LEADER_PID IMAGE}
IMAGE=${2:?usage: units-box-check.sh LEADER_PID IMAGE}
SWCTL=${SWCTL:-swctl}
DEFS=/etc/swctl/containers
# shellcheck source=Tests/rings/box-checks.sh
. "$(dirname "$0")/box-checks.sh"

cleanup() {
    bx systemctl stop ctr@unitck@a.service ctr@unitck@b.service ctr@ucapp.service swctl-volume@ucdata.service \
        ctr@ucimgd.service swctl-image@ucimg.service swctl-units-registry.service swctl-volume@uctmp.service >/dev/null 2>&1
    bx rm -rf "$DEFS/unitck@.container" "$DEFS/unitck@a.container" "$DEFS/ucapp.container" "$DEFS/ucdata.volume" \
        "$DEFS/ucnet.network" "$DEFS/ucbad.container" "$DEFS/uctmp.volume" "$DEFS/ucimg.image" "$DEFS/ucimgd.container" \
        /var/lib/swctl-units-check
    bx systemctl daemon-reload
    bx "$SWCTL" volume rm -f appdata ucbin uctmp >/dev/null 2>&1
}
trap cleanup EXIT

# ── a template, two instances ───────────────────────────────────────────────
bx sh -c "mkdir -p $DEFS
cat >$DEFS/unitck@.container <<'EOF'
[Unit]
Description=Template check %i

[Container]
Image=$IMAGE
Network=none
Exec=/bin/sh -c 'echo instance=%i prefix=%p host=\$(hostname); exec sleep 300'

[Service]
TimeoutStopSec=3

[Install]
WantedBy=multi-user.target
DefaultInstance=b
EOF
ln -sf unitck@.container $DEFS/unitck@a.container
systemctl daemon-reload"

run systemctl show -P Description,SourcePath ctr@unitck@a.service
check "the instance link makes ctr@unitck@a.service from the template, %i resolved" \
    eval 'has "^Template check a$" "$out" && has "unitck@.container$" "$out"'

run systemd-analyze verify ctr@unitck@a.service
check "systemd-analyze verify accepts a unit whose instance has an '@'" eval '! has "[Ii]nvalid" "$out$err"'

run "$SWCTL" start unitck@a unitck@b
check "swctl start takes the instance names" eval '[ $rc -eq 0 ]'
wait_for 10 bash -c "nsenter -t $LEADER -a systemctl is-active -q ctr@unitck@a.service ctr@unitck@b.service"
run systemctl is-active ctr@unitck@a.service ctr@unitck@b.service
check "both instances run at once" eval '[ "$(grep -c "^active$" <<<"$out")" -eq 2 ]'

wait_for 10 bash -c "nsenter -t $LEADER -a $SWCTL logs unitck@b 2>/dev/null | grep -q instance="
run "$SWCTL" logs unitck@b
check "the default instance sees %i=b, %p=unitck and the host name unitck-b" \
    eval 'has "^instance=b prefix=unitck host=unitck-b$" "$out"'

run "$SWCTL" ps
check "swctl ps lists both instances by name" eval 'has "unitck@a" "$out" && has "unitck@b" "$out"'

run "$SWCTL" status unitck@a
check "swctl status shows an instance" eval '[ $rc -eq 0 ] && has "unitck@a" "$out"'

run test -L /run/systemd/generator/multi-user.target.wants/ctr@unitck@b.service
check "the default instance is enabled through [Install]" eval '[ $rc -eq 0 ]'

bx systemctl stop ctr@unitck@a.service ctr@unitck@b.service

# ── a volume file and a network file ────────────────────────────────────────
bx sh -c "cat >$DEFS/ucdata.volume <<EOF
[Volume]
VolumeName=appdata
User=1000
Group=1000
Label=check=units
EOF
printf '[Network]\nSubnet=10.89.77.0/24\n' >$DEFS/ucnet.network
printf '[Volume]\nType=tmpfs\nOptions=size=8m,mode=0750,nodev\n' >$DEFS/uctmp.volume
cat >$DEFS/ucapp.container <<'EOF'
[Unit]
After=ucdata.volume

[Container]
Image=$IMAGE
Network=ucnet
Volume=ucdata.volume:/data
Volume=ucbin:/bin
Volume=uctmp.volume:/scratch
Exec=/bin/sh -c 'n=\$(cat /data/n 2>/dev/null || echo 0); n=\$((n+1)); echo \$n >/data/n; echo run=\$n; exec sleep 300'

[Service]
TimeoutStopSec=3
EOF
systemctl daemon-reload"

run systemctl show -P Requires,After ctr@ucapp.service
check "Volume=ucdata.volume gives the unit Requires= and After= on swctl-volume@ucdata.service" \
    eval 'has "swctl-volume@ucdata.service" "$(head -n 1 <<<"$out")" && has "swctl-volume@ucdata.service" "$(tail -n 1 <<<"$out")"'

run systemctl start ctr@ucapp.service
check "the container with a volume file and a network file starts" eval '[ $rc -eq 0 ]'
run systemctl is-active swctl-volume@ucdata.service
check "its volume unit came up with it" eval '[ "$out" = active ]'
run stat -c '%u:%g' /var/lib/swctl/volumes/appdata/_data
check "the volume is VolumeName=appdata, owned as User=/Group= say" eval '[ "$out" = 1000:1000 ]'
run "$SWCTL" network inspect ucnet
check "the network came up with the container on it" eval 'has "ucapp" "$out" && has "10\\.89\\.77\\." "$out"'

wait_for 10 bash -c "nsenter -t $LEADER -a $SWCTL logs ucapp 2>/dev/null | grep -q run="
run systemctl restart ctr@ucapp.service
wait_for 10 bash -c "nsenter -t $LEADER -a $SWCTL logs ucapp 2>/dev/null | grep -q run=2"
run "$SWCTL" logs ucapp
check "data in the volume persists across a restart (run=1, then run=2)" \
    eval 'has "^run=1$" "$out" && has "^run=2$" "$out"'

run test -e /var/lib/swctl/volumes/ucbin/_data/busybox
check "a new named volume got the image's content at its mount point" eval '[ $rc -eq 0 ]'

run "$SWCTL" volume ls
check "swctl volume ls lists both volumes with their container" \
    eval 'has "^appdata +local +ucapp" "$out" && has "^ucbin +local +ucapp" "$out"'
run "$SWCTL" volume inspect appdata
check "swctl volume inspect shows the labels and the file" \
    eval 'has "check=units" "$out" && has "ucdata.volume" "$out"'
run "$SWCTL" volume rm appdata
check "swctl volume rm refuses a volume a definition uses" eval '[ $rc -ne 0 ] && has "in use by ucapp" "$err"'

run findmnt -n -o FSTYPE,OPTIONS /var/lib/swctl/volumes/uctmp/_data
check "a Type=tmpfs volume file is mounted by its unit with its Options=" \
    eval 'has "^tmpfs .*nodev.*size=8192k.*mode=750" "$out"'
bx systemctl stop ctr@ucapp.service swctl-volume@uctmp.service
run findmnt -n /var/lib/swctl/volumes/uctmp/_data
check "stopping the volume's unit unmounts it" eval '[ $rc -ne 0 ]'

# ── an image file pulled by its unit ────────────────────────────────────────
# A registry on localhost:5124 in the box, as pull-box-check.sh makes one; the
# container has Pull=never, so only swctl-image@ucimg.service can pull.
if command -v docker-registry >/dev/null && command -v skopeo >/dev/null && command -v umoci >/dev/null; then
    work=/var/lib/swctl-units-check
    boxwork=/proc/$LEADER/root$work
    mkdir -p "$boxwork"
    umoci init --layout "$boxwork/oci" >/dev/null
    umoci new --image "$boxwork/oci:img" >/dev/null
    umoci unpack --image "$boxwork/oci:img" "$boxwork/bundle" >/dev/null
    mkdir -p "$boxwork/bundle/rootfs/bin"
    cp /bin/busybox "$boxwork/bundle/rootfs/bin/busybox"
    echo "pulled by the image unit" >"$boxwork/bundle/rootfs/greeting"
    umoci repack --image "$boxwork/oci:img" "$boxwork/bundle" >/dev/null
    rm -rf "$boxwork/bundle"
    printf 'version: 0.1\nlog: {level: error}\nstorage: {filesystem: {rootdirectory: %s/data}}\nhttp: {addr: 127.0.0.1:5124}\n' \
        "$work" >"$boxwork/config.yml"
    run systemd-run --unit swctl-units-registry docker-registry serve "$work/config.yml"
    wait_for 10 bx bash -c 'exec 3<>/dev/tcp/127.0.0.1/5124' 2>/dev/null
    run skopeo copy -q --dest-tls-verify=false "oci:$work/oci:img" docker://localhost:5124/ucimg:1
    check "skopeo pushes an image to localhost:5124" eval '[ $rc -eq 0 ]'
    printf '[Image]\nImage=localhost:5124/ucimg:1\n' >"/proc/$LEADER/root$DEFS/ucimg.image"
    cat >"/proc/$LEADER/root$DEFS/ucimgd.container" <<'DEF'
[Container]
Image=ucimg.image
Pull=never
Network=none
Exec=/bin/busybox sh -c 'cat /greeting; exec /bin/busybox sleep 300'

[Service]
TimeoutStopSec=3
DEF
    bx systemctl daemon-reload
    run systemctl start ctr@ucimgd.service
    check "a container with Image=ucimg.image starts (Pull=never: its image unit pulled)" eval '[ $rc -eq 0 ]'
    run systemctl is-active swctl-image@ucimg.service
    check "swctl-image@ucimg.service ran before it and stays active" eval '[ "$out" = active ]'
    wait_for 10 bash -c "nsenter -t $LEADER -a journalctl -u ctr@ucimgd.service -q --no-pager -o cat | grep -q 'pulled by the image unit'"
    run journalctl -u ctr@ucimgd.service -q --no-pager -o cat
    check "the container runs the image the file names" eval 'has "pulled by the image unit" "$out"'
    bx systemctl stop ctr@ucimgd.service swctl-image@ucimg.service swctl-units-registry
    bx rm -f "$DEFS/ucimg.image" "$DEFS/ucimgd.container"
    bx "$SWCTL" image rm localhost:5124/ucimg:1 >/dev/null 2>&1
    rm -rf "$boxwork"
else
    echo "# docker-registry, skopeo or umoci missing: the .image check is skipped"
fi

# ── validate across the directory ───────────────────────────────────────────
bx sh -c "printf '[Container]\nImage=$IMAGE\nVolume=nosuch.volume:/x\n' >$DEFS/ucbad.container"
run "$SWCTL" validate
check "validate names a missing volume file at its line and exits 7" \
    eval '[ $rc -eq 7 ] && has "ucbad.container:3: Volume: no volume file .nosuch.volume." "$err"'

checks_summary
