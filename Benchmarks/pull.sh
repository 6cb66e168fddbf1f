#!/usr/bin/env bash
# Pull + unpack of a multi-layer image from a registry on loopback:
# `swctl image pull` (release build) against `skopeo copy docker://… oci:…`
# followed by `umoci unpack` of the same image, in the same run, each from a
# cold store. Prints both medians and the ratio swctl / (skopeo + umoci);
# the target is at most 1.0.
#
#   Benchmarks/pull.sh                 (root; builds the release swctl)
#   RUNS=10 LAYERS=6 LAYER_MB=16 Benchmarks/pull.sh
#   SCRATCH_PATH=.build-bench Benchmarks/pull.sh   (or SCRATCH, as make sets it)
#   SWCTL=/path/to/swctl Benchmarks/pull.sh        (a release swctl already built)
#
# The image: busybox, then LAYERS layers of LAYER_MB MiB each, half random
# bytes (incompressible) and half text (compressible), gzip as skopeo pushes.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
layers=${LAYERS:-4}
layer_mb=${LAYER_MB:-8}
scratch=${SCRATCH_PATH:-${SCRATCH:-.build}}

[ "$(id -u)" = 0 ] || { echo "pull.sh: needs root (umoci unpack, the image store's ownership)" >&2; exit 1; }
for tool in hyperfine docker-registry skopeo umoci python3 jq busybox; do
    command -v "$tool" >/dev/null || { echo "pull.sh: $tool missing (scripts/deps.sh installs it)" >&2; exit 1; }
done

swctl=${SWCTL:-}
if [ -z "$swctl" ]; then
    build=(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product swctl)
    (cd "$root" && "${build[@]}" >/dev/null)
    swctl="$(cd "$root" && "${build[@]}" --show-bin-path)/swctl"
fi

work=$(mktemp -d /var/tmp/swctl-pull-bench.XXXXXX)
registry_pid=
cleanup() {
    [ -z "$registry_pid" ] || kill "$registry_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# ── the image ────────────────────────────────────────────────────────────────
umoci init --layout "$work/oci"
umoci new --image "$work/oci:bench"
for i in $(seq 0 "$layers"); do
    umoci unpack --image "$work/oci:bench" "$work/b" >/dev/null
    if [ "$i" = 0 ]; then
        mkdir -p "$work/b/rootfs/bin"
        cp "$(command -v busybox)" "$work/b/rootfs/bin/busybox"
    else
        head -c $((layer_mb * 524288)) /dev/urandom >"$work/b/rootfs/random$i"
        (set +o pipefail; yes "layer $i of the pull benchmark: compressible text" | head -c $((layer_mb * 524288)) >"$work/b/rootfs/text$i")
    fi
    umoci repack --image "$work/oci:bench" "$work/b"
    rm -rf "$work/b"
done
umoci config --image "$work/oci:bench" --config.cmd /bin/busybox

# ── the registry ─────────────────────────────────────────────────────────────
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/registry.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/registry}}
http: {addr: 127.0.0.1:$port}
YML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 100); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/v2/')" 2>/dev/null && break
    sleep 0.1
done
image=127.0.0.1:$port/bench:1
skopeo copy -q --dest-tls-verify=false "oci:$work/oci:bench" "docker://$image"
compressed=$(skopeo inspect --tls-verify=false "docker://$image" --raw | jq '[.layers[].size] | add')

# ── the race ─────────────────────────────────────────────────────────────────
echo "image: $((layers + 1)) layers, $((compressed / 1048576)) MiB compressed, $((layers * layer_mb + 2)) MiB unpacked; $runs runs each"
hyperfine -N --runs "$runs" --export-json "$work/result.json" \
    --command-name swctl --prepare "rm -rf $work/state" \
    "env SWCTL_ROOT=$work/state $swctl image pull -q $image" \
    --command-name skopeo+umoci --prepare "rm -rf $work/copy $work/bundle" \
    "bash -c 'skopeo copy -q --src-tls-verify=false docker://$image oci:$work/copy:bench && umoci unpack --image $work/copy:bench $work/bundle'" \
    >"$work/hyperfine.log" || { cat "$work/hyperfine.log"; exit 1; }
# CPU time (user + system) too: on a busy machine it is steadier than wall time.
jq -r '.results[] | "\(.command): median \(.median * 1000 | floor) ms (min \(.min * 1000 | floor), max \(.max * 1000 | floor)), CPU \((.user + .system) * 1000 | floor) ms"' "$work/result.json"
jq -r '"ratio swctl / (skopeo + umoci): \((.results[0].median / .results[1].median) * 100 | round / 100) wall, \(((.results[0].user + .results[0].system) / (.results[1].user + .results[1].system)) * 100 | round / 100) CPU (target <= 1.0)"' "$work/result.json"
