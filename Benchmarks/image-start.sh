#!/usr/bin/env bash
# Container start time against image size, with a warm store: the same
# busybox container from a ~5 MB and a ~500 MB image (random bytes, so
# nothing compresses away), side by side. A start mounts the image's
# unpacked layers as overlay lower dirs and copies no image data, so the
# two columns should match.
#
#   Benchmarks/image-start.sh          (root; `make release` first)
#
# What is measured, on the host in a private cgroup v2 view (as
# Tests/rings/ring1.sh), with the release binaries:
#   prepare  `swctl prepare NAME`: resolve the image, overlay mount, spec
#   start    prepare + `swctl-runtime run` of /bin/true (create, start,
#            wait, delete) + `swctl cleanup NAME` (unmount, remove)
# and, once, what copying the big image's root (`cp -a`) would cost instead,
# and the disk 20 containers of the big image use (du of the store and of
# their writable layers).
# Environment: RUNS (default 50), SCRATCH (default .build), BIG_MB (500).
set -euo pipefail

cd "$(dirname "$0")/.."
runs=${RUNS:-50}
scratch=${SCRATCH:-.build}
bin=${BIN:-$PWD/$scratch/release}
big_mb=${BIG_MB:-500}

if [ "${SWCTL_BENCH_INSIDE:-}" != 1 ]; then
    [ "$(id -u)" = 0 ] || { echo "image-start.sh: needs root" >&2; exit 1; }
    for p in swctl swctl-runtime; do
        [ -x "$bin/$p" ] || { echo "image-start.sh: $bin/$p missing: make release" >&2; exit 1; }
    done
    for tool in hyperfine busybox python3; do
        command -v "$tool" >/dev/null || { echo "image-start.sh: $tool missing (apt-get install hyperfine busybox-static python3)" >&2; exit 1; }
    done
    # shellcheck source=Benchmarks/lib/private-cgroup.sh
    . "$(dirname "$0")/lib/private-cgroup.sh"
    enter_private_cgroup swctl-image-bench "$0" BIN="$bin" RUNS="$runs" BIG_MB="$big_mb"
fi

# On disk (not tmpfs): the store lives under /var/lib in production.
work=$(mktemp -d /var/tmp/swctl-image-bench.XXXXXX)
export SWCTL_ROOT=$work/lib SWCTL_RUN=/run/swctl SWCTL_DEFINITIONS_PATH=$work/defs
trap 'for n in small big $(seq -f disk%g 20); do "$BIN/swctl" cleanup $n >/dev/null 2>&1 || true; done; rm -rf "$work"' EXIT
mkdir -p "$work/defs"

# rootfs NAME MB: busybox plus MB of random files (10 MB each, the rest in one).
rootfs() {
    local dir=$work/$1 mb=$2 i=0
    mkdir -p "$dir/bin" "$dir/etc" "$dir/proc" "$dir/sys" "$dir/dev" "$dir/tmp" "$dir/data"
    cp /bin/busybox "$dir/bin/busybox"
    for applet in sh true sleep; do ln -s busybox "$dir/bin/$applet"; done
    echo 'root:x:0:0:root:/root:/bin/sh' > "$dir/etc/passwd"
    echo 'root:x:0:' > "$dir/etc/group"
    local left=$((mb - 2))  # busybox is about 2 MB
    while [ $left -ge 10 ]; do
        head -c $((10 << 20)) /dev/urandom > "$dir/data/blob$i"
        left=$((left - 10)); i=$((i + 1))
    done
    [ $left -le 0 ] || head -c $((left << 20)) /dev/urandom > "$dir/data/blob$i"
    tar -C "$dir" -cf "$work/$1.tar" .
    rm -rf "$dir"
}

echo "== container start time vs image size ($runs runs each, $(nproc) cores, $(uname -r))"
declare -A import_ms
for spec in "small 5" "big $big_mb"; do
    set -- $spec
    rootfs "$1" "$2"
    start=$(date +%s%N)
    "$BIN/swctl" image import "$work/$1.tar" "localhost/$1:1" >/dev/null
    import_ms[$1]=$((($(date +%s%N) - start) / 1000000))
    rm -f "$work/$1.tar"
    printf '[Container]\nImage=localhost/%s:1\nExec=/bin/true\nNetwork=none\n' "$1" > "$work/defs/$1.container"
    # One start before measuring, so both are warm.
    "$BIN/swctl" prepare "$1"
    "$BIN/swctl-runtime" run --bundle "/run/swctl/bundles/$1" "$1" >/dev/null
    "$BIN/swctl" cleanup "$1"
done

cat > "$work/cycle.sh" <<CYCLE
#!/bin/sh
set -e
"$BIN/swctl" prepare "\$1"
"$BIN/swctl-runtime" run --bundle "/run/swctl/bundles/\$1" "\$1" >/dev/null
"$BIN/swctl" cleanup "\$1"
CYCLE
chmod +x "$work/cycle.sh"

# Rounds alternate the images, so a burst of load elsewhere on the machine
# hits both rather than the one measured at that moment.
rounds=5
for round in $(seq $rounds); do
    for name in small big; do
        hyperfine -N --warmup 2 --runs $(((RUNS + rounds - 1) / rounds)) \
            --export-json "$work/prepare-$name-$round.json" -n "$name" \
            "$BIN/swctl prepare $name" >"$work/hyperfine.log" 2>&1 || { cat "$work/hyperfine.log"; exit 1; }
        "$BIN/swctl" cleanup "$name"
        hyperfine -N --warmup 2 --runs $(((RUNS + rounds - 1) / rounds)) \
            --export-json "$work/start-$name-$round.json" -n "$name" \
            "$work/cycle.sh $name" >"$work/hyperfine.log" 2>&1 || { cat "$work/hyperfine.log"; exit 1; }
    done
done

layer_of() { "$BIN/swctl" image inspect "localhost/$1:1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["layers"][0])'; }
big_layer=$(layer_of big)
sync
start=$(date +%s%N)
cp -a "$big_layer" "$work/copy"
sync
copy_ms=$((($(date +%s%N) - start) / 1000000))
rm -rf "$work/copy"

# Disk: 20 containers of the big image, each writing 1 MB of its own.
for i in $(seq 20); do
    printf '[Container]\nImage=localhost/big:1\nExec=/bin/busybox sh -c "busybox head -c 1048576 /dev/urandom > /own"\nNetwork=none\n' \
        > "$work/defs/disk$i.container"
    "$BIN/swctl" prepare "disk$i"
    "$BIN/swctl-runtime" run --bundle "/run/swctl/bundles/disk$i" "disk$i" >/dev/null
done
store_mb="$(du -sm "$SWCTL_ROOT/images/layers" | cut -f1) MB unpacked layers + $(du -sm "$SWCTL_ROOT/images/blobs" | cut -f1) MB blobs"
own_mb=$(du -sm "$SWCTL_ROOT/containers" | cut -f1)
for i in $(seq 20); do "$BIN/swctl" cleanup "disk$i"; done

python3 - "$work" "$(du -sm "$(layer_of small)" | cut -f1)" "$(du -sm "$big_layer" | cut -f1)" \
    "${import_ms[small]}" "${import_ms[big]}" "$copy_ms" "$store_mb" "$own_mb" <<'PY'
import glob, json, statistics, sys
work, small_mb, big_mb, import_small, import_big, copy_ms, store_mb, own_mb = sys.argv[1:]
def med(kind, name):
    times = sorted(t for f in glob.glob(f"{work}/{kind}-{name}-*.json")
                   for t in json.load(open(f))["results"][0]["times"])
    q = statistics.quantiles(times, n=4)
    return statistics.median(times) * 1000, q[0] * 1000, q[2] * 1000
print(f"{'':<34} {'small':>12} {'big':>12} {'big/small':>10}")
print(f"{'image (unpacked layer)':<34} {small_mb + ' MB':>12} {big_mb + ' MB':>12}")
print(f"{'import, once (unpack)':<34} {import_small + ' ms':>12} {import_big + ' ms':>12}")
for kind, label in (("prepare", "prepare, median"), ("start", "prepare+run+cleanup, median")):
    s, b = med(kind, "small"), med(kind, "big")
    print(f"{label:<34} {s[0]:9.2f} ms {b[0]:9.2f} ms {b[0] / s[0]:9.2f}x")
    print(f"{'  (p25 … p75)':<34} {s[1]:5.1f}…{s[2]:5.1f} {b[1]:5.1f}…{b[2]:5.1f}")
print(f"{'copying the big root instead (cp -a)':<34} {'':>12} {copy_ms + ' ms':>12}")
print(f"disk with 20 containers of the big image, each writing 1 MB:")
print(f"  store (both images, once): {store_mb}; the 20 writable layers: {own_mb} MB in all")
PY
