#!/usr/bin/env bash
# Ring 2 check of `swctl auto-update` against a registry inside the box
# (Debian's docker-registry on localhost:5124, as pull-box-check.sh):
#   - v1 pushed and running: --dry-run says the container is up to date;
#   - v2 pushed: --dry-run says pending; auto-update pulls it, restarts the
#     unit and the container runs v2;
#   - v3 pushed, whose command exits 1: auto-update restarts into v3, sees
#     the unit fail, points the tag back at v2 and restarts: "rolled back",
#     exit status 1, and the unit is active with v2 again;
#   - AutoUpdate=local: `swctl image tag` moves a local name, auto-update
#     restarts the container on the image the name now points at.
#
#   Tests/rings/autoupdate-box-check.sh LEADER_PID
#
# docker-registry and skopeo on the host (the box's root is an overlay of
# it); umoci and busybox-static build the images. Prints `ok - …` /
# `FAIL - …` and `N passed, N failed`; exits 1 when any check failed.
set -uo pipefail

LEADER=${1:?usage: autoupdate-box-check.sh LEADER_PID}
# shellcheck source=Tests/rings/box-checks.sh
. "$(dirname "$0")/box-checks.sh"

for tool in docker-registry skopeo umoci; do
    if ! command -v "$tool" >/dev/null; then
        echo "autoupdate-box-check: $tool is not installed (scripts/deps.sh): skipped"
        exit 0
    fi
done

work=/var/lib/swctl-autoupdate-check
boxwork=/proc/$LEADER/root$work
DEFS=/proc/$LEADER/root/etc/swctl/containers
cleanup() {
    bx systemctl stop ctr@au-web ctr@au-local swctl-test-registry-au >/dev/null 2>&1
    rm -f "$DEFS/au-web.container" "$DEFS/au-local.container"
    bx systemctl daemon-reload >/dev/null 2>&1
    bx systemctl reset-failed ctr@au-web ctr@au-local >/dev/null 2>&1
    rm -rf "$boxwork"
}
trap cleanup EXIT
mkdir -p "$boxwork" "$DEFS"

# Images v1, v2 (print their version, then sleep) and v3 (exits 1).
umoci init --layout "$boxwork/oci" >/dev/null
for v in v1 v2 v3; do
    umoci new --image "$boxwork/oci:$v" >/dev/null
    umoci unpack --image "$boxwork/oci:$v" "$boxwork/bundle" >/dev/null
    mkdir -p "$boxwork/bundle/rootfs/bin"
    cp /bin/busybox "$boxwork/bundle/rootfs/bin/busybox"
    echo "running $v" >"$boxwork/bundle/rootfs/version"
    umoci repack --image "$boxwork/oci:$v" "$boxwork/bundle" >/dev/null
    rm -rf "$boxwork/bundle"
    if [ $v = v3 ]; then
        umoci config --image "$boxwork/oci:$v" --config.cmd /bin/busybox --config.cmd false >/dev/null
    else
        umoci config --image "$boxwork/oci:$v" --config.cmd /bin/busybox --config.cmd sh \
            --config.cmd -c --config.cmd 'cat /version; exec /bin/busybox sleep 1000' >/dev/null
    fi
done

cat >"$boxwork/config.yml" <<YML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $work/data}}
http: {addr: 127.0.0.1:5124}
YML
run systemd-run --unit swctl-test-registry-au docker-registry serve "$work/config.yml"
wait_for 10 bx bash -c 'exec 3<>/dev/tcp/127.0.0.1/5124' 2>/dev/null
push() { run skopeo copy -q --dest-tls-verify=false "oci:$work/oci:$1" docker://localhost:5124/app:latest; }
push v1
check "skopeo pushes v1 to localhost:5124/app:latest" eval '[ $rc -eq 0 ]'

cat >"$DEFS/au-web.container" <<'DEF'
[Container]
Image=localhost:5124/app:latest
AutoUpdate=registry
Network=none
DEF
run systemctl daemon-reload
run systemctl start ctr@au-web
versions() { run journalctl -u ctr@au-web -q --no-pager -o cat; grep -c "running $1" <<<"$out"; }
wait_for 15 eval '[ "$(versions v1)" -ge 1 ]'
check "the container runs v1" eval '[ "$(versions v1)" -eq 1 ]'

run swctl auto-update --dry-run
check "auto-update --dry-run: up to date (UPDATED false)" \
    has "^ctr@au-web.service +au-web +localhost:5124/app:latest +registry +false$" "$out"

push v2
run swctl auto-update --dry-run
check "after pushing v2, --dry-run says pending" has "au-web +localhost:5124/app:latest +registry +pending$" "$out"
run systemctl show -P ActiveEnterTimestampMonotonic ctr@au-web
before=$out
run swctl auto-update --dry-run
run systemctl show -P ActiveEnterTimestampMonotonic ctr@au-web
check "--dry-run leaves the unit alone" eval '[ "$out" = "$before" ]'

run swctl auto-update --settle 1
check "auto-update updates ctr@au-web (UPDATED true, exit 0)" \
    eval '[ $rc -eq 0 ] && has "au-web +localhost:5124/app:latest +registry +true$" "$out"'
wait_for 10 eval '[ "$(versions v2)" -ge 1 ]'
check "the container now runs v2" eval '[ "$(versions v2)" -eq 1 ]'
run systemctl is-active ctr@au-web
check "ctr@au-web is active" eval '[ "$out" = active ]'

push v3
run swctl auto-update --settle 1 --format json
json=$out
check "with a broken v3, auto-update rolls back (exit 1, \"rolled back\")" \
    eval '[ $rc -eq 1 ] && has "\"container\":\"au-web\".*\"updated\":\"rolled back\"" "$json"'
check "the roll-back is named on stderr" has "au-web.*rolled back to sha256:" "$err"
run systemctl is-active ctr@au-web
check "ctr@au-web is active again after the roll-back" eval '[ "$out" = active ]'
wait_for 10 eval '[ "$(versions v2)" -ge 2 ]'
check "it runs v2 again" eval '[ "$(versions v2)" -eq 2 ]'

# AutoUpdate=local: a name moved in the store.
run swctl image tag localhost:5124/app:latest localhost/au:current
cat >"$DEFS/au-local.container" <<'DEF'
[Container]
Image=localhost/au:current
AutoUpdate=local
Network=none
DEF
run systemctl daemon-reload
run systemctl start ctr@au-local
run swctl auto-update --dry-run
check "AutoUpdate=local: up to date while the name is unchanged" has "au-local +localhost/au:current +local +false$" "$out"
# The store's name for the registry image moves to v3 (and so ctr@au-web,
# running v2, is due too); then localhost/au:current is moved to it.
run swctl image pull localhost:5124/app:latest
run swctl image tag localhost:5124/app:latest localhost/au:current
run swctl auto-update --dry-run
check "AutoUpdate=local: pending once swctl image tag moved the name" has "au-local +localhost/au:current +local +pending$" "$out"
run swctl auto-update --settle 1
check "AutoUpdate=local: the broken image is rolled back too" \
    eval '[ $rc -eq 1 ] && has "au-local +localhost/au:current +local +rolled back$" "$out"'
run systemctl is-active ctr@au-local ctr@au-web
check "both containers are active after their roll-backs" eval '[ "$out" = "active
active" ]'
run swctl auto-update --dry-run
check "after the roll-back the local name points at what runs (false)" has "au-local +localhost/au:current +local +false$" "$out"

checks_summary
