# shellcheck shell=bash
# Ring 2 harness: a real systemd booted as PID 1 in a throw-away box, an
# overlay of this machine's own root (shared/docs/test-environments.md,
# "Ring 2"). Source this file, then:
#
#   box_init DIR [NAME]   tmpfs + overlay of / at DIR/root (copy files into
#                         DIR/root now: it is the box's root) and arm
#                         `trap box_down EXIT` (unless BOX_NO_TRAP=1)
#   box_boot              boot systemd-nspawn -b on DIR/root, wait for
#                         `systemctl is-system-running` = running|degraded
#   box_up DIR [NAME]     box_init + box_boot
#   box_exec CMD…         run CMD inside the box (nsenter into its PID 1);
#                         BOX_EXEC_TIMEOUT=SECONDS bounds it
#   box_install REPO      `make install DESTDIR=DIR/root` of the release build
#   box_reboot            power off inside, boot again on the same upper dir
#   box_down              stop everything, unmount, remove the cgroups
#   box_attach DIR        pick up a box started by another shell (for box_down)
#
# After box_boot: BOX_LEADER is the box's PID 1 as seen from the host,
# BOX_NSPAWN_PID the systemd-nspawn process, DIR/console.log its console.
#
# The box's /var/lib/swctl is a bind mount of a directory on the box's tmpfs
# (DIR/ov/var-lib-swctl): overlayfs cannot use the box's overlay root as the
# upper layer of a container, and the bind survives box_reboot as a disk would.
# The box's /tmp is a fresh tmpfs at each boot: put files under /var/lib or /srv.
#
# Nothing is created outside DIR except one cgroup, /sys/fs/cgroup/unified/
# swctl-box-NAME (systemd-nspawn makes its payload/ and supervisor/ beneath
# the cgroup it starts in); box_down removes it deepest first. Nothing is made
# in the host's v1 hierarchies (see box_boot).

BOX_BOOT_TIMEOUT=${BOX_BOOT_TIMEOUT:-60}
BOX_STOP_TIMEOUT=${BOX_STOP_TIMEOUT:-20}
# The cgroup v2 hierarchy to start the box in: the hybrid layout's unified
# mount, else a pure cgroup v2 mount at /sys/fs/cgroup.
if [ -z "${BOX_CGROUP_ROOT:-}" ]; then
    if [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
        BOX_CGROUP_ROOT=/sys/fs/cgroup/unified
    else
        BOX_CGROUP_ROOT=/sys/fs/cgroup
    fi
fi
BOX_DIR=${BOX_DIR:-}
BOX_NAME=${BOX_NAME:-}
BOX_CG=${BOX_CG:-}
BOX_NSPAWN_PID=${BOX_NSPAWN_PID:-}
BOX_LEADER=${BOX_LEADER:-}
BOX_BOOTS=${BOX_BOOTS:-0}

_box_say() { echo "box: $*" >&2; }

_box_now_ms() { echo $(($(date +%s%N) / 1000000)); }

# The state another shell needs to find and tear down this box.
_box_save() {
    cat >"$BOX_DIR/box.env" <<EOF
BOX_DIR='$BOX_DIR'
BOX_NAME='$BOX_NAME'
BOX_CG='$BOX_CG'
BOX_NSPAWN_PID='$BOX_NSPAWN_PID'
BOX_LEADER='$BOX_LEADER'
BOX_BOOTS='$BOX_BOOTS'
EOF
}

box_attach() {
    local dir
    dir=$(realpath -m "${1:?box_attach DIR}")
    if [ ! -f "$dir/box.env" ]; then
        _box_say "no box at $dir (no $dir/box.env)"
        return 1
    fi
    # shellcheck disable=SC1091
    . "$dir/box.env"
}

# Alive and not a zombie (a zombie still answers kill -0).
_box_alive() {
    local pid=$1 state
    [ -n "$pid" ] || return 1
    state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$pid/status" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

_box_is_mounted() { mountpoint -q "$1" 2>/dev/null; }

box_init() {
    local dir=${1:?box_init DIR [NAME]}
    dir=$(realpath -m "$dir")
    if [ -f "$dir/box.env" ] || _box_is_mounted "$dir/root" || _box_is_mounted "$dir/ov"; then
        box_attach "$dir" 2>/dev/null || BOX_DIR=$dir
        if _box_alive "$BOX_NSPAWN_PID"; then
            _box_say "a box is running at $dir (systemd-nspawn $BOX_NSPAWN_PID): tear it down first or use another directory"
            BOX_DIR=
            return 1
        fi
        _box_say "a box is left over at $dir: tearing it down first"
        box_down || return 1
    fi
    BOX_DIR=$dir
    BOX_NAME=${2:-$(basename "$dir")}
    BOX_NAME=$(echo "$BOX_NAME" | tr -c 'A-Za-z0-9\n-' -)
    BOX_CG=$BOX_CGROUP_ROOT/swctl-box-$BOX_NAME
    BOX_NSPAWN_PID='' BOX_LEADER='' BOX_BOOTS=0
    if [ "$(stat -f -c %T "$BOX_CGROUP_ROOT" 2>/dev/null)" != cgroup2fs ]; then
        _box_say "$BOX_CGROUP_ROOT is not a cgroup2 mount: the box needs a cgroup v2 hierarchy to start in"
        return 1
    fi
    if [ -z "${BOX_NO_TRAP:-}" ]; then
        # Tear down whatever happens; a signal ends the script through EXIT.
        trap _box_on_exit EXIT
        trap 'exit 130' INT
        trap 'exit 143' TERM
    fi
    mkdir -p "$dir/ov" "$dir/root"
    mount -t tmpfs -o mode=0755 tmpfs "$dir/ov" || return 1
    mkdir -p "$dir/ov/upper" "$dir/ov/work" "$dir/ov/var-lib-swctl"
    mount -t overlay overlay \
        -o "lowerdir=/,upperdir=$dir/ov/upper,workdir=$dir/ov/work" "$dir/root" || return 1
    : >"$dir/console.log"
    _box_save
}

# The box's PID 1: the child of systemd-nspawn that lives in another PID namespace.
_box_find_leader() {
    local child ours
    ours=$(readlink /proc/self/ns/pid)
    for child in $(cat "/proc/$BOX_NSPAWN_PID/task/"*/children 2>/dev/null); do
        # The box's PID 1 once it has become systemd: before that, nspawn's
        # own short-lived helpers are children in the new PID namespace too.
        if [ "$(readlink "/proc/$child/ns/pid" 2>/dev/null)" != "$ours" ] &&
            case "$(cat "/proc/$child/comm" 2>/dev/null)" in systemd | init) true ;; *) false ;; esac; then
            echo "$child"
            return 0
        fi
    done
    return 1
}

box_boot() {
    if [ -z "$BOX_DIR" ] || ! _box_is_mounted "$BOX_DIR/root"; then
        _box_say "box_boot: no box root mounted (call box_init DIR first)"
        return 1
    fi
    if _box_alive "$BOX_NSPAWN_PID"; then
        _box_say "box_boot: the box is already running (systemd-nspawn $BOX_NSPAWN_PID)"
        return 1
    fi
    local start state deadline probe_rc
    start=$(_box_now_ms)
    BOX_BOOTS=$((BOX_BOOTS + 1))
    mkdir -p "$BOX_CG"
    echo "── boot $BOX_BOOTS" >>"$BOX_DIR/console.log"
    (
        # nspawn makes its payload/ and supervisor/ cgroups beneath the one it
        # starts in: start it in ours, never in the host's.
        echo "$BASHPID" >"$BOX_CG/cgroup.procs"
        local mask=()
        if [ "$(stat -f -c %T /sys/fs/cgroup/systemd 2>/dev/null)" = cgroupfs ]; then
            # On a hybrid host nspawn would mirror those cgroups into the v1
            # name=systemd hierarchy; an empty tmpfs over it, in a mount
            # namespace of nspawn's own, keeps it out (nspawn only warns
            # "Failed to attach … to compat systemd cgroup").
            mask=(unshare --mount --propagation private sh -c
                'mount -t tmpfs -o mode=0755 swctl-box-mask /sys/fs/cgroup/systemd && exec "$@"' sh)
        fi
        # bpf(2) is outside nspawn's default system call filter; the runtime
        # loads each container's eBPF device filter with it, as on a host.
        exec "${mask[@]}" env SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1 systemd-nspawn -D "$BOX_DIR/root" \
            --register=no --keep-unit --link-journal=no --private-network --system-call-filter=bpf \
            --bind="$BOX_DIR/ov/var-lib-swctl:/var/lib/swctl" \
            -b --machine="$BOX_NAME"
    ) </dev/null >>"$BOX_DIR/console.log" 2>&1 &
    BOX_NSPAWN_PID=$!
    BOX_LEADER=
    deadline=$((start + BOX_BOOT_TIMEOUT * 1000))
    state=
    while [ "$(_box_now_ms)" -lt "$deadline" ]; do
        if ! _box_alive "$BOX_NSPAWN_PID"; then
            state="systemd-nspawn exited"
            break
        fi
        if [ -z "$BOX_LEADER" ] || [ ! -e "/proc/$BOX_LEADER" ]; then
            BOX_LEADER=$(_box_find_leader) || BOX_LEADER=
        fi
        if [ -n "$BOX_LEADER" ]; then
            # A short bound per probe: one systemctl that hangs while systemd
            # is still coming up must not use up the whole boot window.
            probe_rc=0
            state=$(BOX_EXEC_TIMEOUT=5 box_exec systemctl is-system-running 2>"$BOX_DIR/probe.err" </dev/null) ||
                probe_rc=$?
            [ -n "$state" ] ||
                state="no answer from systemctl is-system-running (exit $probe_rc: $(head -c 300 "$BOX_DIR/probe.err"))"
            case "$state" in
            running | degraded)
                _box_save
                _box_say "$BOX_NAME up: $state in $(($(_box_now_ms) - start)) ms (leader $BOX_LEADER, nspawn $BOX_NSPAWN_PID)"
                if [ "$state" = degraded ]; then
                    box_exec systemctl --failed --no-legend >&2 || true
                fi
                return 0
                ;;
            esac
        fi
        sleep 0.1
    done
    _box_save
    _box_say "box_boot: $BOX_NAME not up after ${BOX_BOOT_TIMEOUT}s (last state: ${state:-no PID 1 yet}); leader ${BOX_LEADER:-none}: $(tr '\0' ' ' <"/proc/${BOX_LEADER:-0}/cmdline" 2>/dev/null); nspawn children: $(cat "/proc/$BOX_NSPAWN_PID/task/"*/children 2>/dev/null); console:"
    sed 's/^/    /' "$BOX_DIR/console.log" >&2
    return 1
}

box_up() {
    box_init "$@" && box_boot
}

# Run a command inside the box, as `machinectl shell` would: in the box's
# root cgroup and all its namespaces, with a clean environment.
box_exec() {
    if [ -z "$BOX_LEADER" ]; then
        _box_say "box_exec: the box is not booted"
        return 127
    fi
    local limit=()
    if [ -n "${BOX_EXEC_TIMEOUT:-}" ]; then
        limit=(timeout --kill-after=5 "$BOX_EXEC_TIMEOUT")
    fi
    (
        if [ -w "$BOX_CG/payload/cgroup.procs" ]; then
            echo "$BASHPID" >"$BOX_CG/payload/cgroup.procs" 2>/dev/null || true
        fi
        exec "${limit[@]}" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
            HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" SYSTEMD_PAGER=cat PAGER=cat \
            SYSTEMD_COLORS=0 SYSTEMD_LOG_COLOR=0 \
            nsenter -t "$BOX_LEADER" -a -- "$@"
    )
}

# Install the release build of the repository at REPO into the box's root.
box_install() {
    local repo=${1:?box_install REPO}
    make --no-print-directory -C "$repo" install DESTDIR="$BOX_DIR/root" SCRATCH="${SCRATCH:-.build}" >"$BOX_DIR/install.log" 2>&1 || {
        _box_say "box_install: make install DESTDIR=$BOX_DIR/root failed:"
        sed 's/^/    /' "$BOX_DIR/install.log" >&2
        return 1
    }
}

# Wait for systemd-nspawn to end (reaping it when it is our child).
_box_wait_nspawn() {
    local timeout_ms=$1 deadline
    deadline=$(($(_box_now_ms) + timeout_ms))
    while _box_alive "$BOX_NSPAWN_PID"; do
        [ "$(_box_now_ms)" -lt "$deadline" ] || return 1
        sleep 0.1
    done
    wait "$BOX_NSPAWN_PID" 2>/dev/null || true
    return 0
}

# Kill every process left in the box's cgroup tree and wait until it is empty.
_box_kill_cgroup() {
    [ -n "$BOX_CG" ] || return 0
    local cg pid deadline
    deadline=$(($(_box_now_ms) + 5000))
    while :; do
        local left=0
        while IFS= read -r cg; do
            if [ -e "$cg/cgroup.kill" ]; then
                echo 1 >"$cg/cgroup.kill" 2>/dev/null || true
            fi
            for pid in $(cat "$cg/cgroup.procs" 2>/dev/null); do
                kill -KILL "$pid" 2>/dev/null || true
                left=$((left + 1))
            done
        done < <(_box_cgroup_trees | while IFS= read -r t; do [ -d "$t" ] && find "$t" -type d; done)
        [ $left -gt 0 ] || return 0
        [ "$(_box_now_ms)" -lt "$deadline" ] || {
            _box_say "processes still alive in $BOX_CG after SIGKILL"
            return 1
        }
        sleep 0.05
    done
}

# On a hybrid host, nspawn mirrors its cgroups into the named v1 hierarchy
# (name=systemd) at the same path unless box_boot's mask works: clean that
# too, in case.
_box_cgroup_trees() {
    echo "$BOX_CG"
    if [ "$(stat -f -c %T /sys/fs/cgroup/systemd 2>/dev/null)" = cgroupfs ]; then
        echo "/sys/fs/cgroup/systemd/${BOX_CG##*/}"
    fi
}

_box_rm_cgroups() {
    local tree failed=0
    while IFS= read -r tree; do
        [ -d "$tree" ] || continue
        # rmdir, deepest first; cgroupfs directories only hold kernel files.
        find "$tree" -depth -type d -exec rmdir {} + 2>/dev/null || true
        if [ -d "$tree" ]; then
            _box_say "could not remove cgroup $tree"
            failed=1
        fi
    done < <(_box_cgroup_trees)
    return $failed
}

box_reboot() {
    local start
    start=$(_box_now_ms)
    box_exec systemctl poweroff >/dev/null 2>&1 || true
    if ! _box_wait_nspawn $((BOX_STOP_TIMEOUT * 1000)); then
        _box_say "box_reboot: $BOX_NAME did not power off in ${BOX_STOP_TIMEOUT}s: killing it"
        kill -KILL "$BOX_NSPAWN_PID" 2>/dev/null || true
        _box_wait_nspawn 5000 || true
    fi
    _box_kill_cgroup || true
    _box_rm_cgroups || true
    _box_say "$BOX_NAME powered off in $(($(_box_now_ms) - start)) ms"
    BOX_NSPAWN_PID='' BOX_LEADER=''
    box_boot
}

# The EXIT trap: tear down, keep the script's exit status (or fail it if the
# teardown failed).
_box_on_exit() {
    local rc=$?
    box_down || { [ $rc -ne 0 ] || rc=1; }
    exit $rc
}

# Safe to call at any point, twice, or on a box that never booted.
box_down() {
    local failed=0
    [ -n "$BOX_DIR" ] || return 0
    if _box_alive "$BOX_NSPAWN_PID"; then
        # SIGTERM asks nspawn for an orderly poweroff of the box.
        kill -TERM "$BOX_NSPAWN_PID" 2>/dev/null || true
        if ! _box_wait_nspawn $((BOX_STOP_TIMEOUT * 1000)); then
            _box_say "box_down: $BOX_NAME did not power off in ${BOX_STOP_TIMEOUT}s: killing it"
            kill -KILL "$BOX_NSPAWN_PID" 2>/dev/null || true
            _box_wait_nspawn 5000 || true
        fi
    fi
    _box_kill_cgroup || failed=1
    local m
    for m in "$BOX_DIR/root" "$BOX_DIR/ov"; do
        if _box_is_mounted "$m"; then
            umount "$m" 2>/dev/null || {
                sleep 0.5
                umount "$m" 2>/dev/null
            } || {
                _box_say "box_down: $m busy: detaching it (umount -l)"
                umount -l "$m" || failed=1
            }
        fi
    done
    _box_rm_cgroups || failed=1
    rm -f "$BOX_DIR/box.env"
    rmdir "$BOX_DIR/root" "$BOX_DIR/ov" 2>/dev/null || true
    BOX_NSPAWN_PID='' BOX_LEADER=''
    BOX_DIR=
    if [ $failed -ne 0 ]; then
        _box_say "box_down: $BOX_NAME not fully removed (see above)"
        return 1
    fi
}
