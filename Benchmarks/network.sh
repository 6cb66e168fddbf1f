#!/usr/bin/env bash
# Container networking figures, measured in a private network and mount
# namespace (unshare -n -m: the host's interfaces and rules are never
# touched), with the release swctl:
#
#   1. network setup per container: `swctl prepare` (which first cleans up
#      the previous run) of a bridge container with a published port, minus
#      the same for Network=host: veth, address, route, lease, nft elements,
#      and their removal;
#   2. 50 containers on one network: prepare them one after another, then
#      8 at a time, then clean them all up;
#   3. TCP throughput through a published port (127.0.0.1:8080 → DNAT →
#      container:80) against the same transfer on the host's loopback
#      (ratio; the issue's target is at least 0.8).
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

echo "── network setup per container (prepare+cleanup, bridge vs host)"
hyperfine -N --warmup 5 --runs "${RUNS:-50}" --export-json "$work/setup.json" \
    "$swctl prepare bench" "$swctl prepare hostnet" 2>&1 | grep -E 'Time|±|prepare'
means=$(jq -r '.results[].mean' "$work/setup.json" | paste -sd' ')
read -r bridge host <<<"$means"
echo "network setup per container: $(awk -v b="$bridge" -v h="$host" 'BEGIN { printf "%.2f ms", (b - h) * 1000 }') (bridge $(awk -v b="$bridge" 'BEGIN { printf "%.2f", b * 1000 }') ms, host $(awk -v h="$host" 'BEGIN { printf "%.2f", h * 1000 }') ms)"
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
"$swctl" prepare bench
netns=$SWCTL_RUN/netns/bench
transfer() { # PORT: seconds to push $megabytes MiB to 127.0.0.1:PORT
    local start end
    start=$(date +%s%N)
    head -c "${megabytes}M" /dev/zero | nc.openbsd -N 127.0.0.1 "$1"
    end=$(date +%s%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }'
}
nsenter --net="$netns" nc.openbsd -l 80 >/dev/null &
pids+=($!)
nc.openbsd -l 127.0.0.1 9090 >/dev/null &
pids+=($!)
sleep 0.3
published=$(transfer 8080)
loopback=$(transfer 9090)
awk -v p="$published" -v l="$loopback" -v m="$megabytes" 'BEGIN {
    printf "published port: %.0f MiB/s; loopback: %.0f MiB/s; ratio %.2f\n", m / p, m / l, l / p }'
