#!/usr/bin/env bash
# Ring 3: a real Debian kernel with systemd as PID 1 under QEMU (see
# Tests/rings/vm.sh): cgroup v2 with every controller and AppArmor enabled.
# Runs the scripts in Tests/rings/vm-checks inside the VM (swctl-runtime
# against runc on the same bundles, and the installed product under systemd),
# prints the serial console, and exits non-zero unless the summary line says
# every check passed.
#
#   make check-vm                 (release build, then this script)
#   Tests/rings/ring3-vm.sh       (needs root, a release build, and
#                                  apt-get install qemu-system-x86 mmdebstrap e2fsprogs)
#
# RING3_VM (default /tmp/vm) is the working directory (a tmpfs while it
# runs; the console log stays next to it, /tmp/vm-console.log); the base image
# is cached in /var/cache/swctl-vm (VM_CACHE). VM_KEEP=1 keeps the tmpfs.
# RING3_CHECKS="30-apparmor.sh …" runs only those scripts; VM_ECHO=1 shows
# the console while the VM runs.
set -uo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
SCRATCH=${SCRATCH:-.build}
VMDIR=${RING3_VM:-/tmp/vm}
export SCRATCH

# shellcheck source=Tests/rings/vm.sh
. "$REPO/Tests/rings/vm.sh"

if [ "$(id -u)" != 0 ]; then
    echo "ring3-vm: needs root (mmdebstrap, mkfs.ext4 -d of a root filesystem)" >&2
    exit 1
fi
case $SCRATCH in /*) bin=$SCRATCH/release ;; *) bin=$REPO/$SCRATCH/release ;; esac
for p in swctl swctl-runtime swctl-generator; do
    if [ ! -x "$bin/$p" ]; then
        echo "ring3-vm: $bin/$p is missing: run 'make release SCRATCH=$SCRATCH' first" >&2
        exit 1
    fi
done

started=$(date +%s)
vm_base || exit 1
vm_init "$VMDIR" || exit 1
vm_install "$REPO" || exit 1
checks=("$REPO/Tests/rings/vm-checks")
if [ -n "${RING3_CHECKS:-}" ]; then
    checks=("$REPO/Tests/rings/vm-checks/lib.sh")
    for check in $RING3_CHECKS; do checks+=("$REPO/Tests/rings/vm-checks/$check"); done
fi
vm_add_checks "${checks[@]}" || exit 1
# The escape suite's probe (Tests/escape/escape-probe.c), built static here:
# the VM has no compiler.
gcc -static -O2 -o "$VMDIR/root/usr/lib/swctl-vm/checks/escape-probe" "$REPO/Tests/escape/escape-probe.c" || {
    echo "ring3-vm: gcc -static Tests/escape/escape-probe.c failed (apt-get install gcc libc6-dev)" >&2
    exit 1
}
prepared=$(date +%s)
echo "ring3-vm: image ready in $((prepared - started)) s; booting (timeout ${VM_BOOT_TIMEOUT}s)"
booted=0
vm_boot || booted=$?
finished=$(date +%s)
# The console, without the firmware's and kernel's terminal escapes
# (already shown as it came with VM_ECHO=1).
if [ -z "${VM_ECHO:-}" ]; then
    tr -d '\r' <"$VM_CONSOLE" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1bc//g'
fi
echo "ring3-vm: boot, checks and power-off took $((finished - prepared)) s (whole run $((finished - started)) s)"
summary_rc=0
vm_summary || summary_rc=$?
[ "$booted" = 0 ] || exit 1
exit $summary_rc
