#!/usr/bin/env bash
# Times the release swctl-generator over 1,000 definitions and prints the
# median wall time of one run (target: well under 100 ms, a generator's
# budget at boot). Uses hyperfine when installed (apt-get install hyperfine),
# otherwise its own loop.
#
#   Benchmarks/generator.sh            # 1,000 definitions
#   COUNT=5000 Benchmarks/generator.sh
#   SCRATCH_PATH=.build-bench Benchmarks/generator.sh   (or SCRATCH, as make sets it; relative to the repository)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
count=${COUNT:-1000}
runs=${RUNS:-30}
scratch=${SCRATCH_PATH:-${SCRATCH:-.build}}
build=(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product swctl-generator)

(cd "$root" && "${build[@]}" >/dev/null)
bin="$(cd "$root" && "${build[@]}" --show-bin-path)/swctl-generator"

# systemd's generator directories are on tmpfs (/run); so is the work
# directory here when /dev/shm is, or the numbers measure the disk.
base=/tmp
if [[ -w /dev/shm && $(stat -f -c %T /dev/shm) == tmpfs ]]; then base=/dev/shm; fi
work=$(mktemp -d "$base/swctl-generator-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/defs"

# A mix of what admins write: pass-through sections, resources, mounts,
# environment, install targets, a continuation line.
for ((i = 0; i < count; i++)); do
    cat >"$work/defs/app$i.container" <<DEF
[Unit]
Description=Application $i
After=network-online.target ctr@db.service

[Container]
Image=/var/lib/machines/app$i
Exec=/usr/bin/app --port $((8000 + i % 1000)) \\
  --name "app $i"
Environment=MODE=prod "GREETING=hello world" INDEX=$i
Volume=/srv/app$i:/data:rw,nosuid
Tmpfs=/tmp:size=64M,mode=1777
Memory=512M
PidsLimit=256
CPUs=1.5
ReadOnly=yes

[Service]
Restart=on-failure
RestartSec=5s

[Install]
WantedBy=multi-user.target
DEF
done

export SWCTL_DEFINITIONS_PATH="$work/defs"
out="$work/out"
command=("$bin" "$out" "$work/early" "$work/late")

# One checked run first: every definition must be generated, none reported.
"${command[@]}" 2>"$work/stderr"
generated=$(find "$out" -name 50-swctl.conf | wc -l)
if [[ $generated -ne $count || -s $work/stderr ]]; then
    echo "generator.sh: expected $count drop-ins and no diagnostics, got $generated:" >&2
    head "$work/stderr" >&2
    exit 1
fi

if command -v hyperfine >/dev/null; then
    hyperfine --style basic -N --warmup 3 --runs "$runs" --prepare "rm -rf '$out'" \
        --export-json "$work/hyperfine.json" "${command[*]}" >&2
    median=$(grep -o '"median": *[0-9.e-]*' "$work/hyperfine.json" | head -1 | sed 's/.*: *//')
    how="hyperfine, $runs runs"
else
    times=()
    for ((r = 0; r < runs; r++)); do
        rm -rf "$out"
        start=$(date +%s%N)
        "${command[@]}"
        times+=($(($(date +%s%N) - start)))
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] / 1e9 }')
    how="shell loop, $runs runs"
fi

awk -v s="$median" -v n="$count" -v how="$how" \
    -v fs="$(stat -f -c %T "$work")" \
    'BEGIN { printf "swctl-generator: %d definitions in %.1f ms (median, %s, on %s)\n", n, s * 1000, how, fs }'
