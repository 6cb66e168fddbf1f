#!/usr/bin/env bash
# Ring 1: root on the host, in a private cgroup-v2 view.
#
#   Tests/rings/ring1.sh [SCRATCH [FILTER]]   (default: $SCRATCH or .build, RuntimeTests)
#
# Makes a cgroup of its own under the host's cgroup2 mount, moves itself into
# a leaf of it, and runs the RuntimeTests inside
#   unshare --cgroup --mount --propagation private --pid --fork --mount-proc
# with cgroup2 mounted on /sys/fs/cgroup and a tmpfs on /run, so runtimes see
# the unified layout of a production host and everything they create lands
# below that leaf. The cgroups are removed afterwards, deepest first, also
# when the tests fail. Never touches the host's v1 hierarchies.
set -euo pipefail

scratch=${1:-${SCRATCH:-.build}}
filter=${2:-RuntimeTests}
swift=${SWIFT:-swift}
cd "$(dirname "$0")/../.."

if [ "$(id -u)" != 0 ]; then
    echo "ring1: needs root (namespaces, mounts, cgroups): skipped" >&2
    exit 0
fi

# The host's cgroup2 mount: /sys/fs/cgroup/unified on hybrid hosts, /sys/fs/cgroup on unified ones.
host_cgroup2=$(awk '{ for (i = 7; i < NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup2") { print $5; exit } break } }' /proc/self/mountinfo)
if [ -z "$host_cgroup2" ]; then
    echo "ring1: no cgroup2 mount on this host" >&2
    exit 1
fi
own=$(sed -n 's/^0:://p' /proc/self/cgroup)
base="$host_cgroup2${own%/}/swctl-ring1-$$"

"$swift" build --build-tests --scratch-path "$scratch" >/dev/null

cleanup() {
    local status=$?
    # Back to where we started, so our own directory can go.
    echo $$ > "$host_cgroup2$own/cgroup.procs" 2>/dev/null || true
    if [ -d "$base" ]; then
        # Anything a failed test left running goes first.
        find "$base" -depth -type d | while read -r dir; do
            if [ -e "$dir/cgroup.kill" ]; then echo 1 > "$dir/cgroup.kill" 2>/dev/null || true; fi
        done
        for _ in $(seq 50); do
            find "$base" -depth -type d -exec rmdir {} \; 2>/dev/null || true
            [ -d "$base" ] || break
            sleep 0.1
        done
        if [ -d "$base" ]; then echo "ring1: could not remove $base" >&2; status=1; fi
    fi
    exit $status
}
trap cleanup EXIT

mkdir -p "$base/leaf"
echo $$ > "$base/leaf/cgroup.procs"

unshare --cgroup --mount --propagation private --pid --fork --mount-proc \
    env SCRATCH="$scratch" SWIFT="$swift" FILTER="$filter" bash -euo pipefail -c '
        mount -t cgroup2 cgroup2 /sys/fs/cgroup
        mount -t tmpfs tmpfs /run
        "$SWIFT" test --skip-build --scratch-path "$SCRATCH" --filter "$FILTER"
    '
