#!/usr/bin/env bash
# Container networking figures, measured in a private network and mount
# namespace (unshare -n -m: the host's interfaces and rules are never
# touched), with the release swctl:
#
#   1. network setup and teardown per container: `swctl prepare` and
#      `swctl cleanup`, each timed alone, of a bridge container with a
#      published port minus the same for Network=host (namespace, veth,
#      addresses, route, lease, nft elements; and their removal);
#   2. 50 containers on one network: prepare them one after another, then
#      8 at a time, then clean them all up;
#   3. TCP throughput through a published port (127.0.0.1:8080 → DNAT →
#      container:80) against the same transfer on the host's loopback
#      (ratio; the issue's target is at least 0.8), with the bridge at MTU
#      1500 and at 65520.
#
#   Benchmarks/network.sh                  (root; iproute2, nftables, netcat-openbsd, hyperfine)
#   COUNT=100 MEGABYTES=4096 Benchmarks/network.sh
#   BIN_DIR=.build/debug Benchmarks/network.sh   (binaries already built)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
count=${COUNT:-50}
megabytes=${MEGABYTES:-2048}
scratch=${SCRATCH_PATH:-${SCRATCH:-.build}}
if [ "$(id -u)" != 0 ]; then
    echo "network bench: needs root (network namespaces, nftables)" >&2
    exit 1
fi
for tool in nc.openbsd hyperfine nft ip busybox; do
    command -v "$tool" >/dev/null || { echo "network bench: $tool not found (scripts/deps.sh)" >&2; exit 1; }
done
if [ -z "${BIN_DIR:-}" ]; then
    build=(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product swctl)
    (cd "$root" && "${build[@]}" >/dev/null) || { echo "network bench: build failed: ${build[*]}" >&2; exit 1; }
    BIN_DIR=$(cd "$root" && "${build[@]}" --show-bin-path)
fi
BIN_DIR=$(cd "$root" && realpath "$BIN_DIR")
export BIN_DIR

if [ "${1:-}" != --inside ]; then
    exec unshare -n -m --propagation private "$0" --inside
fi

# ── inside the private namespaces ───────────────────────────────────────────
work=$(mktemp -d /tmp/swctl-network-bench.XXXXXX)
mount -t tmpfs tmpfs "$work"
export SWCTL_RUN=$work/run SWCTL_ROOT=$work/lib SWCTL_DEFINITIONS_PATH=$work/defs SWCTL_CONFIG=$work/none
swctl=$BIN_DIR/swctl
pids=()
finish() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for definition in "$work"/defs/*.container; do
        [ -e "$definition" ] && "$swctl" cleanup "$(basename "$definition" .container)" >/dev/null 2>&1
    done
    umount -l "$work" 2>/dev/null || true
    rmdir "$work" 2>/dev/null || true
}
trap finish EXIT
ip link set lo up
mkdir -p "$work/defs" "$work/image"
"$root/scripts/make-busybox-rootfs.sh" "$work/image" >/dev/null

define() { # NAME NETWORK [PUBLISH]
    {
        printf '[Container]\nImage=%s\nExec=/bin/true\nNetwork=%s\n' "$work/image" "$2"
        if [ -n "${3:-}" ]; then printf 'PublishPort=%s\n' "$3"; fi
    } >"$work/defs/$1.container"
}
define bench bridge 8080:80
define hostnet host
for ((i = 0; i < count; i++)); do define "c$i" bridge; done

echo "── network setup and teardown per container (bridge with a published port vs host)"
# Each prepare timed alone (hyperfine --prepare runs the previous cleanup
# untimed), then each cleanup alone.
hyperfine -N --warmup 3 --runs "${RUNS:-50}" --export-json "$work/setup.json" \
    --prepare "$swctl cleanup bench" "$swctl prepare bench" \
    --prepare "$swctl cleanup hostnet" "$swctl prepare hostnet" >/dev/null 2>&1
hyperfine -N --warmup 3 --runs "${RUNS:-50}" --export-json "$work/teardown.json" \
    --prepare "$swctl prepare bench" "$swctl cleanup bench" \
    --prepare "$swctl prepare hostnet" "$swctl cleanup hostnet" >/dev/null 2>&1
report() { # JSON WHAT
    jq -r '.results | "\(.[0].mean * 1000) \(.[1].mean * 1000)"' "$1" | while read -r bridge host; do
        awk -v b="$bridge" -v h="$host" -v w="$2" 'BEGIN {
            printf "%s: bridge %.1f ms, host %.1f ms: networking %.1f ms\n", w, b, h, b - h }'
    done
}
report "$work/setup.json" "swctl prepare"
report "$work/teardown.json" "swctl cleanup"
"$swctl" cleanup bench
"$swctl" cleanup hostnet

now_ms() { echo $(($(date +%s%N) / 1000000)); }
echo "── $count containers on one network"
t0=$(now_ms)
for ((i = 0; i < count; i++)); do "$swctl" prepare "c$i"; done
t1=$(now_ms)
echo "$count prepares one after another: $((t1 - t0)) ms ($(((t1 - t0) * 1000 / count)) µs each); veths on swctl0: $(ip -o link show master swctl0 | wc -l)"
for ((i = 0; i < count; i++)); do "$swctl" cleanup "c$i"; done
t2=$(now_ms)
echo "$count cleanups: $((t2 - t1)) ms"
t0=$(now_ms)
seq 0 $((count - 1)) | xargs -P 8 -I{} "$swctl" prepare "c{}"
t1=$(now_ms)
addresses=$(awk '{ print $2 }' "$SWCTL_RUN/network/leases" | sort -u | wc -l)
echo "$count prepares 8 at a time: $((t1 - t0)) ms; distinct addresses: $addresses of $count"
seq 0 $((count - 1)) | xargs -P 8 -I{} "$swctl" cleanup "c{}"
echo "after cleanup: veths $(ip -o link show master swctl0 | wc -l), leases $(wc -l <"$SWCTL_RUN/network/leases")"

echo "── throughput: published port vs loopback ($megabytes MiB over TCP)"
transfer() { # PORT: seconds to push $megabytes MiB to 127.0.0.1:PORT
    local start end
    start=$(date +%s%N)
    head -c "${megabytes}M" /dev/zero | nc.openbsd -N 127.0.0.1 "$1"
    end=$(date +%s%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }'
}
nc.openbsd -lk 127.0.0.1 9090 >/dev/null &
pids+=($!)
# MTU 1500 (the default, as Docker's), then 65520 (swctl.conf MTU=): the
# gap to loopback (MTU 65536) is the veth and bridge at 1500, not the DNAT.
for mtu in 1500 65520; do
    printf '[Network]\nMTU=%s\n' "$mtu" >"$work/swctl.conf"
    "$swctl" cleanup bench
    ip link del swctl0 2>/dev/null || true
    SWCTL_CONFIG=$work/swctl.conf "$swctl" prepare bench
    nsenter --net="$SWCTL_RUN/netns/bench" nc.openbsd -lk 80 >/dev/null &
    pids+=($!)
    sleep 0.3
    published=$(transfer 8080)
    loopback=$(transfer 9090)
    awk -v p="$published" -v l="$loopback" -v m="$megabytes" -v mtu="$mtu" 'BEGIN {
        printf "MTU %s: published port %.0f MiB/s; loopback %.0f MiB/s; ratio %.2f\n", mtu, m / p, m / l, l / p }'
    kill "${pids[-1]}"
done
