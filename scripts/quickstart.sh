#!/usr/bin/env bash
# The quick start: swctl running a demo container under a real systemd, on a
# Debian 12 machine where PID 1 need not be systemd.
#
#   scripts/quickstart.sh          install deps, build, boot a throw-away box
#                                  (systemd as PID 1 on an overlay of this
#                                  machine's root), install swctl in it and
#                                  start the demo container; the box stays up
#   scripts/quickstart.sh --down   stop the box and remove everything it made
#
# Needs root (it mounts an overlay and boots systemd-nspawn). Nothing it
# writes survives --down: the box's files live on a tmpfs.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
BOXDIR=${QUICKSTART_BOX:-/tmp/swctl-quickstart}
export SCRATCH=${SCRATCH:-.build}

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if [ "$(id -u)" != 0 ]; then
    echo "quickstart: run as root: it mounts an overlay and boots systemd in a box" >&2
    exit 1
fi

# shellcheck source=Tests/rings/box.sh
. "$REPO/Tests/rings/box.sh"

case "${1:-}" in
--down)
    if box_attach "$BOXDIR" 2>/dev/null; then
        box_down
        echo "quickstart: box at $BOXDIR removed"
    else
        echo "quickstart: no box at $BOXDIR"
    fi
    exit 0
    ;;
"") ;;
*)
    echo "usage: $0 [--down]" >&2
    exit 2
    ;;
esac

if [ -f "$BOXDIR/box.env" ]; then
    box_attach "$BOXDIR"
    if _box_alive "$BOX_NSPAWN_PID"; then
        echo "quickstart: a box is already running (enter it: nsenter -t $BOX_LEADER -a; remove it: $0 --down)" >&2
        exit 1
    fi
fi

say "dependencies"
"$REPO/scripts/deps.sh"
command -v swift >/dev/null 2>&1 || export PATH="$PATH:/opt/swift/usr/bin"

say "release build"
make -C "$REPO" --no-print-directory release

say "booting a box (systemd as PID 1, overlay of / at $BOXDIR/root)"
# box_init arms a teardown on exit: a failure below leaves nothing behind.
box_init "$BOXDIR" swctl-demo
box_install "$REPO"
box_boot

say "the demo container"
box_exec sh -c 'cat > /etc/swctl/containers/demo.container' <<'EOF'
[Unit]
Description=swctl quick-start demo

[Container]
Image=/usr/share/swctl/images/busybox
# A greeting and the date every few seconds; exits at once on SIGTERM.
Exec=/bin/sh -c 'trap "exit 0" TERM; while :; do echo "hello from $(hostname), it is $(date)"; sleep 5 & wait; done'

[Install]
WantedBy=multi-user.target
EOF
echo "# /etc/swctl/containers/demo.container"
box_exec cat /etc/swctl/containers/demo.container | sed 's/^/    /'
# show 'COMMAND': print it as typed in the box, then run it there.
show() {
    echo
    echo "[box]# $1"
    box_exec sh -c "$1" </dev/null || true
}
show 'systemctl daemon-reload && systemctl start ctr@demo'
sleep 2
show 'swctl ps'
show 'swctl status demo'
show 'swctl logs -n 5 demo'

# Success: leave the box running for the user.
trap - EXIT INT TERM
cat <<EOF

The box is running (systemd $BOX_LEADER as seen from this machine).
  enter it:         nsenter -t $BOX_LEADER -a
  run one command:  nsenter -t $BOX_LEADER -a swctl ps
  follow the logs:  nsenter -t $BOX_LEADER -a swctl logs -f demo
  tear it down:     $0 --down
EOF
