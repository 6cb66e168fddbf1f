# shellcheck shell=bash
# Helpers for the checks that run inside the ring-3 VM (sourced by each
# NN-name.sh). A check prints one line: `ok - …`, `FAIL - …` (with what was
# seen, indented) or `skip - why`.
#
#   run_ctr RUNTIME NAME RESOURCES_JSON [JQ_FILTER] -- ARGS…
#       runs ARGS in a busybox container with `RUNTIME run` (runtime: runc or
#       swctl), linux.resources = RESOURCES_JSON, cgroupsPath
#       /swctl-vm/RUNTIME-NAME, a cgroup namespace (so /sys/fs/cgroup inside
#       is the container's own cgroup); JQ_FILTER edits the spec further.
#       Sets $out (stdout+stderr) and $rc.

ROOTFS=${ROOTFS:-/usr/share/swctl/images/busybox}
WORK=${WORK:-/var/lib/swctl-vm}
CG=/sys/fs/cgroup

ok() { echo "ok - $1"; }
skip() { echo "skip - $1"; }
# fail DESCRIPTION [WHAT WAS SEEN…]
fail() {
    echo "FAIL - $1"
    shift
    if [ $# -gt 0 ]; then
        printf '%s\n' "$@" | head -n 30 | sed 's/^/    | /'
    fi
}
# check DESCRIPTION CONDITION-COMMAND… : ok if the command succeeds, else FAIL with $out.
check() {
    local description=$1
    shift
    if "$@"; then ok "$description"; else fail "$description" "rc=$rc" "$out"; fi
}

runtime_binary() {
    case $1 in
    runc) echo /usr/sbin/runc ;;
    swctl) echo /usr/bin/swctl-runtime ;;
    *) echo "unknown runtime $1" >&2; return 1 ;;
    esac
}

# make_bundle RUNTIME NAME RESOURCES_JSON JQ_FILTER ARGS… → prints the bundle directory.
make_bundle() {
    local runtime=$1 name=$2 resources=$3 filter=$4
    shift 4
    local dir=$WORK/bundles/$runtime-$name args
    rm -rf "$dir"
    mkdir -p "$dir"
    (cd "$dir" && runc spec) || return 1
    # One jq -Rs per argument: arguments may hold newlines (sh -c scripts).
    local arg
    args=
    for arg in "$@"; do args+=${args:+,}$(printf '%s' "$arg" | jq -Rs .); done
    args="[$args]"
    jq --argjson args "$args" --argjson resources "$resources" --arg root "$ROOTFS" \
        --arg cgroup "/swctl-vm/$runtime-$name" '
        .process.terminal = false | .process.args = $args
        | .root.path = $root | .root.readonly = true
        | .linux.resources = $resources | .linux.cgroupsPath = $cgroup
        | .linux.namespaces |= (if any(.type == "cgroup") then . else . + [{"type": "cgroup"}] end)
        | '"$filter" "$dir/config.json" >"$dir/config.json.new" || return 1
    mv "$dir/config.json.new" "$dir/config.json"
    echo "$dir"
}

run_ctr() {
    local runtime=$1 name=$2 resources=$3 filter=.
    shift 3
    if [ "${1:-}" != -- ]; then filter=$1; shift; fi
    [ "${1:-}" = -- ] && shift
    local bin dir
    bin=$(runtime_binary "$runtime") || return 1
    dir=$(make_bundle "$runtime" "$name" "$resources" "$filter" "$@") || {
        out="make_bundle failed"
        rc=99
        return 0
    }
    out=$(cd "$dir" && timeout 120 "$bin" run --bundle "$dir" "$runtime-$name" </dev/null 2>&1)
    rc=$?
    "$bin" delete --force "$runtime-$name" >/dev/null 2>&1 || true
}

# differential DESCRIPTION EXPECTED: ok if swctl-runtime saw what runc saw
# (after `both`) and, when EXPECTED is not empty, that is EXPECTED.
differential() {
    local description=$1 expected=$2
    if [ "$swctl_out" != "$runc_out" ]; then
        fail "$description: swctl-runtime sees what runc sees" "runc (rc=$runc_rc):" "$runc_out" \
            "swctl-runtime (rc=$swctl_rc):" "$swctl_out"
    elif [ -n "$expected" ] && [ "$swctl_out" != "$expected" ]; then
        fail "$description: both see the expected values" "expected:" "$expected" "seen:" "$swctl_out"
    else
        ok "$description (same as runc)"
    fi
}

# both NAME RESOURCES [FILTER] -- ARGS…: runs with runc then swctl-runtime;
# sets runc_out/runc_rc and swctl_out/swctl_rc.
both() {
    run_ctr runc "$@"
    runc_out=$out runc_rc=$rc
    run_ctr swctl "$@"
    swctl_out=$out swctl_rc=$rc
}

has_controller() { grep -qw "$1" "$CG/cgroup.controllers"; }

mkdir -p "$WORK"
