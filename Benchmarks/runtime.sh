#!/usr/bin/env bash
# Container start time: create + start + exit of /bin/true on one busybox
# bundle, for swctl-runtime (release, static Swift runtime), runc and crun;
# plus what a detached container leaves resident, and the peak RSS of `run`.
#
#   Benchmarks/runtime.sh            (root; `make release` first, or RUNTIME=path)
#
# Runs in a private cgroup v2 view (as Tests/rings/ring1.sh), where crun
# works too. The spec has no linux.resources.devices rule, for all three:
# crun cannot load its eBPF device filter here, and the comparison stays fair.
# The seccomp part runs the same with a Docker-sized profile (Podman's
# /usr/share/containers/seccomp.json turned into an OCI linux.seccomp, about
# 400 syscalls allowlisted): runc compiles it with libseccomp on every
# start; swctl-runtime once per profile, then loads the cached BPF program
# (cold: the cache emptied before every run; warm: the cache kept).
# Environment: RUNS (default 300), RUNTIME, SCRATCH (default .build),
# PROFILE (default /usr/share/containers/seccomp.json; the part is skipped without it).
set -euo pipefail

cd "$(dirname "$0")/.."
runs=${RUNS:-300}
scratch=${SCRATCH:-.build}
runtime=${RUNTIME:-$PWD/$scratch/release/swctl-runtime}

if [ "${SWCTL_BENCH_INSIDE:-}" != 1 ]; then
    [ "$(id -u)" = 0 ] || { echo "runtime.sh: needs root" >&2; exit 1; }
    [ -x "$runtime" ] || { echo "runtime.sh: $runtime missing: make release" >&2; exit 1; }
    for tool in hyperfine runc busybox python3; do
        command -v "$tool" >/dev/null || { echo "runtime.sh: $tool missing (apt-get install hyperfine runc busybox-static python3)" >&2; exit 1; }
    done
    # shellcheck source=Benchmarks/lib/private-cgroup.sh
    . "$(dirname "$0")/lib/private-cgroup.sh"
    enter_private_cgroup swctl-bench "$0" RUNTIME="$runtime" RUNS="$runs"
fi

work=$(mktemp -d /tmp/swctl-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
bundle=$work/bundle
mkdir -p "$bundle/rootfs/bin" "$bundle/rootfs/proc" "$bundle/rootfs/sys" "$bundle/rootfs/dev" "$bundle/rootfs/tmp"
cp /bin/busybox "$bundle/rootfs/bin/busybox"
for applet in sh true sleep; do ln -s busybox "$bundle/rootfs/bin/$applet"; done
(cd "$bundle" && runc spec)
python3 - "$bundle/config.json" <<'PY'
import json, sys
path = sys.argv[1]
spec = json.load(open(path))
spec["process"]["terminal"] = False
spec["process"]["args"] = ["/bin/true"]
if {"type": "cgroup"} not in spec["linux"]["namespaces"]:
    spec["linux"]["namespaces"].append({"type": "cgroup"})
del spec["linux"]["resources"]["devices"]
json.dump(spec, open(path, "w"), indent=1)
PY

have_crun=
if command -v crun >/dev/null && crun --root "$work/crun-probe" run -b "$bundle" probe >/dev/null 2>&1; then
    have_crun=1
fi

echo "== start time: run of /bin/true ($runs runs each, $(nproc) cores, $(uname -r))"
# Rounds alternate the runtimes, so a burst of load elsewhere on the
# machine hits all of them rather than the one measured at that moment.
names=(swctl-runtime runc)
cmds=("$RUNTIME --root $work/ours run -b $bundle bench" "runc --root $work/runc run -b $bundle bench")
if [ -n "$have_crun" ]; then
    names+=(crun)
    cmds+=("crun --root $work/crun run -b $bundle bench")
else
    echo "(crun skipped: not installed or cannot run here)"
fi
rounds=5
for round in $(seq $rounds); do
    for i in "${!names[@]}"; do
        hyperfine -N --warmup 3 --runs $(((runs + rounds - 1) / rounds)) \
            --export-json "$work/times-${names[$i]}-$round.json" -n "${names[$i]}" "${cmds[$i]}" \
            >"$work/hyperfine.log" || { cat "$work/hyperfine.log"; exit 1; }
    done
done
python3 - "$work" "${names[@]}" <<'PY'
import glob, json, statistics, sys
work, names = sys.argv[1], sys.argv[2:]
def ms(x): return x * 1000
times = {n: sorted(t for f in glob.glob(f"{work}/times-{n}-*.json")
                     for t in json.load(open(f))["results"][0]["times"]) for n in names}
base = statistics.median(times[names[0]])
print(f"{'runtime':<14} {'median':>9} {'p25':>8} {'p75':>8} {'min':>8} {'max':>8} {'vs swctl':>9}")
for n in names:
    t = times[n]
    q = statistics.quantiles(t, n=4)
    med = statistics.median(t)
    print(f"{n:<14} {ms(med):7.2f}ms {ms(q[0]):6.2f}ms {ms(q[2]):6.2f}ms {ms(t[0]):6.2f}ms {ms(t[-1]):6.2f}ms {med / base:8.2f}x")
PY

profile=${PROFILE:-/usr/share/containers/seccomp.json}
if [ -r "$profile" ]; then
    echo
    echo "== start time with a Docker-sized seccomp profile ($runs runs each)"
    seccomp_bundle=$work/seccomp-bundle
    mkdir -p "$seccomp_bundle"
    python3 - "$bundle/config.json" "$profile" "$seccomp_bundle/config.json" "$bundle/rootfs" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
spec["root"]["path"] = sys.argv[4]
profile = json.load(open(sys.argv[2]))
caps = set(spec["process"]["capabilities"]["bounding"])
rules = []
for rule in profile["syscalls"]:
    includes, excludes = rule.get("includes") or {}, rule.get("excludes") or {}
    if includes.get("caps") and not set(includes["caps"]) <= caps:
        continue
    if includes.get("arches") and "amd64" not in includes["arches"]:
        continue
    if excludes.get("caps") and set(excludes["caps"]) & caps:
        continue
    out = {"names": rule["names"], "action": rule["action"]}
    for key in ("errnoRet", "args"):
        if rule.get(key):
            out[key] = rule[key]
    rules.append(out)
spec["linux"]["seccomp"] = {
    "defaultAction": profile["defaultAction"], "defaultErrnoRet": profile.get("defaultErrnoRet", 1),
    "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], "syscalls": rules,
}
print(f"profile: {sum(len(r['names']) for r in rules)} syscall names in {len(rules)} rules")
json.dump(spec, open(sys.argv[3], "w"), indent=1)
PY
    snames=(swctl-cold swctl-warm runc-seccomp)
    scmds=("$RUNTIME --root $work/ours-cold run -b $seccomp_bundle bench"
        "$RUNTIME --root $work/ours-warm run -b $seccomp_bundle bench"
        "runc --root $work/runc run -b $seccomp_bundle bench")
    sprepare=("rm -rf $work/ours-cold/.seccomp-cache" "true" "true")
    if [ -n "$have_crun" ]; then
        snames+=(crun-seccomp)
        scmds+=("crun --root $work/crun run -b $seccomp_bundle bench")
        sprepare+=("true")
    fi
    for round in $(seq $rounds); do
        for i in "${!snames[@]}"; do
            hyperfine -N --warmup 3 --runs $(((runs + rounds - 1) / rounds)) --prepare "${sprepare[$i]}" \
                --export-json "$work/times-${snames[$i]}-$round.json" -n "${snames[$i]}" "${scmds[$i]}" \
                >"$work/hyperfine.log" || { cat "$work/hyperfine.log"; exit 1; }
        done
    done
    python3 - "$work" "${snames[@]}" <<'PY'
import glob, json, statistics, sys
work, names = sys.argv[1], sys.argv[2:]
def ms(x): return x * 1000
times = {n: sorted(t for f in glob.glob(f"{work}/times-{n}-*.json")
                     for t in json.load(open(f))["results"][0]["times"]) for n in names}
base = statistics.median(times[names[1]])
print(f"{'runtime':<14} {'median':>9} {'p25':>8} {'p75':>8} {'min':>8} {'max':>8} {'vs warm':>9}")
for n in names:
    t = times[n]
    q = statistics.quantiles(t, n=4)
    med = statistics.median(t)
    print(f"{n:<14} {ms(med):7.2f}ms {ms(q[0]):6.2f}ms {ms(q[2]):6.2f}ms {ms(t[0]):6.2f}ms {ms(t[-1]):6.2f}ms {med / base:8.2f}x")
PY
fi

echo
echo "== left resident by a detached container (sleep 30)"
python3 - "$bundle/config.json" "$work/sleep.json" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
spec["process"]["args"] = ["/bin/sleep", "30"]
json.dump(spec, open(sys.argv[2], "w"))
PY
cp "$bundle/config.json" "$work/true.json"
cp "$work/sleep.json" "$bundle/config.json"
leftover() {  # name, process name: processes of the runtime still alive, and their RSS
    local pids rss=0 count=0
    sleep 0.2  # let the runtime's own exit settle
    pids=$(pgrep -x "$2" || true)
    for p in $pids; do count=$((count + 1)); rss=$((rss + $(awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0))); done
    printf '%-14s %d processes, %d KiB RSS\n' "$1" "$count" "$rss"
}
"$RUNTIME" --root "$work/ours" run -d -b "$bundle" detached
leftover swctl-runtime swctl-runtime
"$RUNTIME" --root "$work/ours" delete -f detached
runc --root "$work/runc" run -d -b "$bundle" detached </dev/null >/dev/null 2>&1
leftover runc runc
runc --root "$work/runc" delete -f detached
if [ -n "$have_crun" ]; then
    crun --root "$work/crun" run -d -b "$bundle" detached </dev/null >/dev/null 2>&1
    leftover crun crun
    crun --root "$work/crun" delete -f detached
fi
cp "$work/true.json" "$bundle/config.json"

echo
echo "== peak RSS of one run of /bin/true"
peak() {  # name, command…
    local name=$1
    shift
    /usr/bin/time -f "%M" -o "$work/rss" "$@" >/dev/null 2>&1
    printf '%-14s %s KiB\n' "$name" "$(cat "$work/rss")"
}
peak swctl-runtime "$RUNTIME" --root "$work/ours" run -b "$bundle" peak
peak runc runc --root "$work/runc" run -b "$bundle" peak
[ -z "$have_crun" ] || peak crun crun --root "$work/crun" run -b "$bundle" peak
