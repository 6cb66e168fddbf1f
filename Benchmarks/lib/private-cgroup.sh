# shellcheck shell=bash
# Sourced by benchmarks that run containers on the host: re-runs the calling
# script inside a private cgroup-v2 view (a leaf cgroup of its own under the
# host's cgroup2 mount, `unshare --cgroup --mount --pid`, cgroup2 at
# /sys/fs/cgroup, a tmpfs /run), with SWCTL_BENCH_INSIDE=1 and the given
# VAR=VALUE assignments in its environment. The cgroups made are removed
# when the outer script exits.
#
#   enter_private_cgroup NAME SCRIPT [VAR=VALUE…]   (never returns)

enter_private_cgroup() {
    local name=$1 script=$2
    shift 2
    host_cgroup2=$(awk '{ for (i = 7; i < NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup2") { print $5; exit } break } }' /proc/self/mountinfo)
    own=$(sed -n 's/^0:://p' /proc/self/cgroup)
    base="$host_cgroup2${own%/}/$name-$$"
    cleanup() {
        echo $$ > "$host_cgroup2$own/cgroup.procs" 2>/dev/null || true
        find "$base" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    }
    trap cleanup EXIT
    mkdir -p "$base/leaf"
    echo $$ > "$base/leaf/cgroup.procs"
    unshare --cgroup --mount --propagation private --pid --fork --mount-proc \
        env SWCTL_BENCH_INSIDE=1 "$@" bash -c '
            mount -t cgroup2 cgroup2 /sys/fs/cgroup && mount -t tmpfs tmpfs /run && exec "$0"' "$script"
    exit
}
