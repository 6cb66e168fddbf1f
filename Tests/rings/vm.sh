# shellcheck shell=bash
# Ring 3 harness: a Debian kernel with systemd as PID 1 under QEMU's software
# emulation (shared/docs/test-environments.md, "Ring 3"): cgroup v2 with every
# controller, AppArmor enabled. Source this file, then:
#
#   vm_base               make (or reuse) the cached base root filesystem:
#                         mmdebstrap bookworm minbase + systemd, a kernel,
#                         apparmor, runc, busybox-static, jq. Sets VM_BASE_TAR.
#   vm_init DIR           mount a tmpfs on DIR, unpack the base into DIR/root
#                         (copy files into DIR/root now: it is the VM's root)
#                         and arm `trap vm_down EXIT` (unless VM_NO_TRAP=1)
#   vm_install REPO       the release build as an admin installs it
#                         (`make install DESTDIR=DIR/root`, demo image included)
#   vm_add_checks PATH…   copy check scripts (files, or every *.sh of a
#                         directory) to /usr/lib/swctl-vm/checks and install
#                         the unit that runs the NN-*.sh ones at boot
#   vm_boot               build the ext4 disk (mkfs.ext4 -d), boot QEMU until
#                         it powers off or VM_BOOT_TIMEOUT passes; the serial
#                         console goes to DIR-console.log, next to DIR (and
#                         to stdout as it comes with VM_ECHO=1)
#   vm_summary            print the checks' summary line from the console;
#                         exit 0 only if it says every check passed
#   vm_down               stop QEMU if it still runs, unmount DIR's tmpfs
#                         (VM_KEEP=1 keeps it: DIR/disk.img, DIR/root)
#
# In the VM, the unit swctl-vm-checks.service runs
# /usr/lib/swctl-vm/run-checks.sh: each check script prints `ok - …`,
# `FAIL - …` or `skip - …` lines; the runner adds
# `vm-checks: N passed, M failed, K skipped` and powers the machine off.
#
# The base image is cached at $VM_CACHE/base-HASH.tar, HASH over the package
# list and the recipe version, so a second run does not debootstrap again
# (`VM_REBUILD=1` forces a new one). Nothing is left outside the cache: DIR is
# a tmpfs, unmounted by vm_down.

VM_CACHE=${VM_CACHE:-/var/cache/swctl-vm}
VM_SUITE=${VM_SUITE:-bookworm}
VM_BOOT_TIMEOUT=${VM_BOOT_TIMEOUT:-600}
VM_MEMORY=${VM_MEMORY:-2048}
VM_CPUS=${VM_CPUS:-2}
VM_DISK_SIZE=${VM_DISK_SIZE:-3G}
# Holds the unpacked root and the disk image (sparse: about 1.5 GB used).
VM_TMPFS_SIZE=${VM_TMPFS_SIZE:-5G}
# Bump when the recipe below changes in a way the package list does not show.
VM_RECIPE_VERSION=1
VM_PACKAGES=(
    systemd systemd-sysv dbus udev linux-image-amd64 initramfs-tools
    apparmor iproute2 nftables procps kmod jq
    # swctl links libnl-route-3 (nftables brings libnftables)
    libnl-route-3-200
    # the differential peer and the demo image's busybox (jq above: the checks' specs)
    runc busybox-static
)
VM_DIR=${VM_DIR:-}
VM_QEMU_PID=${VM_QEMU_PID:-}
VM_BASE_TAR=${VM_BASE_TAR:-}
VM_CONSOLE=${VM_CONSOLE:-}

_vm_say() { echo "vm: $*" >&2; }

vm_base() {
    local hash tmp
    for tool in mmdebstrap qemu-system-x86_64 mkfs.ext4; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            _vm_say "$tool not found: apt-get install -y qemu-system-x86 mmdebstrap e2fsprogs"
            return 1
        fi
    done
    hash=$(printf '%s\n' "$VM_SUITE" "$VM_RECIPE_VERSION" "${VM_PACKAGES[@]}" | sha256sum | cut -c1-16)
    VM_BASE_TAR=$VM_CACHE/base-$hash.tar
    if [ -s "$VM_BASE_TAR" ] && [ -z "${VM_REBUILD:-}" ]; then
        _vm_say "base image: $VM_BASE_TAR (cached)"
        return 0
    fi
    mkdir -p "$VM_CACHE"
    tmp=$VM_BASE_TAR.new.$$
    _vm_say "base image: mmdebstrap $VM_SUITE into $VM_BASE_TAR (about a minute)"
    # The hooks run on the finished tree, before it is packed:
    # - serial console for the check unit, no login prompt competing for it;
    # - a root filesystem entry, a hostname, an empty machine id (systemd
    #   makes a fresh one at each boot);
    # The hooks' $1 is mmdebstrap's, not ours (SC2016).
    # shellcheck disable=SC2016
    if ! mmdebstrap --variant=minbase --format=tar --include="$(
        IFS=,
        echo "${VM_PACKAGES[*]}"
    )" \
        --customize-hook='echo "/dev/vda / ext4 rw,errors=remount-ro 0 1" > "$1/etc/fstab"' \
        --customize-hook='echo swctl-vm > "$1/etc/hostname"' \
        --customize-hook='chroot "$1" systemctl mask serial-getty@ttyS0.service getty@tty1.service systemd-timesyncd.service apt-daily.timer apt-daily-upgrade.timer e2scrub_reap.service >/dev/null 2>&1 || true' \
        --customize-hook='rm -f "$1/etc/machine-id" && : > "$1/etc/machine-id"' \
        "$VM_SUITE" "$tmp" >"$VM_CACHE/mmdebstrap.log" 2>&1; then
        _vm_say "mmdebstrap failed (log: $VM_CACHE/mmdebstrap.log):"
        tail -n 20 "$VM_CACHE/mmdebstrap.log" >&2
        rm -f "$tmp"
        return 1
    fi
    mv "$tmp" "$VM_BASE_TAR"
    # Older bases with another hash are of no further use.
    find "$VM_CACHE" -maxdepth 1 -name 'base-*.tar' ! -path "$VM_BASE_TAR" -delete
    _vm_say "base image: $VM_BASE_TAR ($(du -h "$VM_BASE_TAR" | cut -f1))"
}

vm_init() {
    local dir=${1:?vm_init DIR}
    dir=$(realpath -m "$dir")
    [ -n "$VM_BASE_TAR" ] || vm_base || return 1
    VM_DIR=$dir
    if [ -z "${VM_NO_TRAP:-}" ]; then
        trap vm_down EXIT
        trap 'exit 130' INT
        trap 'exit 143' TERM
    fi
    # The root and the disk live on a tmpfs: unpacking, mkfs and removing
    # 700 MB of small files cost seconds there, minutes on a busy disk.
    mkdir -p "$dir"
    if mountpoint -q "$dir"; then umount "$dir" || return 1; fi
    mount -t tmpfs -o "size=$VM_TMPFS_SIZE,mode=0755" tmpfs "$dir" || return 1
    mkdir -p "$dir/root"
    tar -xf "$VM_BASE_TAR" -C "$dir/root" --numeric-owner --xattrs --xattrs-include='*' || return 1
    VM_CONSOLE=$dir-console.log
    : >"$VM_CONSOLE"
}

# The release build, as an admin would install it.
vm_install() {
    local repo=${1:?vm_install REPO}
    local scratch=${SCRATCH:-.build}
    (cd "$repo" && make --no-print-directory install SCRATCH="$scratch" DESTDIR="$VM_DIR/root" \
        BUSYBOX="$VM_DIR/root/bin/busybox") >"$VM_DIR/install.log" 2>&1 || {
        _vm_say "make install into the VM failed:"
        tail -n 20 "$VM_DIR/install.log" >&2
        return 1
    }
}

vm_add_checks() {
    local root=$VM_DIR/root lib=$VM_DIR/root/usr/lib/swctl-vm
    mkdir -p "$lib/checks"
    local source
    for source in "$@"; do
        if [ -d "$source" ]; then
            cp "$source"/*.sh "$lib/checks/"
        else
            cp "$source" "$lib/checks/"
        fi
    done
    chmod 0755 "$lib"/checks/*.sh
    cat >"$lib/run-checks.sh" <<'EOF'
#!/bin/bash
# Runs every check script in order; each prints ok/FAIL/skip lines.
# Sourced helpers: /usr/lib/swctl-vm/checks/lib.sh (if present).
cd /usr/lib/swctl-vm/checks || exit 1
echo "vm-checks: start $(uname -r), $(nproc) cpus, cgroup controllers: $(cat /sys/fs/cgroup/cgroup.controllers)"
log=/run/swctl-vm-results
: >"$log"
for script in [0-9]*.sh; do
    echo "# ── $script ($(cut -d' ' -f1 /proc/uptime) s since boot)"
    timeout --kill-after=10 300 bash "$script" 2>&1 | tee -a "$log"
    rc=${PIPESTATUS[0]}
    if [ "$rc" -ne 0 ]; then
        echo "FAIL - $script exited $rc" | tee -a "$log"
    fi
done
passed=$(grep -c '^ok - ' "$log")
failed=$(grep -c '^FAIL - ' "$log")
skipped=$(grep -c '^skip - ' "$log")
echo "# ── done ($(cut -d' ' -f1 /proc/uptime) s since boot)"
echo "vm-checks: $passed passed, $failed failed, $skipped skipped"
EOF
    chmod 0755 "$lib/run-checks.sh"
    cat >"$root/etc/systemd/system/swctl-vm-checks.service" <<'EOF'
[Unit]
Description=swctl ring 3 checks
After=multi-user.target apparmor.service
Wants=apparmor.service

[Service]
Type=oneshot
ExecStart=/usr/lib/swctl-vm/run-checks.sh
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyS0
ExecStopPost=/bin/systemctl --no-block poweroff
TimeoutStartSec=1200

[Install]
WantedBy=multi-user.target
EOF
    mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
    ln -sf ../swctl-vm-checks.service "$root/etc/systemd/system/multi-user.target.wants/swctl-vm-checks.service"
}

vm_boot() {
    local root=$VM_DIR/root kernel initrd rc
    kernel=$(printf '%s\n' "$root"/boot/vmlinuz-* | sort -V | tail -n 1)
    initrd=$(printf '%s\n' "$root"/boot/initrd.img-* | sort -V | tail -n 1)
    if [ ! -f "$kernel" ] || [ ! -f "$initrd" ]; then
        _vm_say "no kernel or initrd under $root/boot"
        return 1
    fi
    cp "$kernel" "$VM_DIR/vmlinuz"
    cp "$initrd" "$VM_DIR/initrd.img"
    rm -f "$VM_DIR/disk.img"
    truncate -s "$VM_DISK_SIZE" "$VM_DIR/disk.img"
    mkfs.ext4 -q -F -L swctl-vm -d "$root" "$VM_DIR/disk.img" || {
        _vm_say "mkfs.ext4 -d $root failed"
        return 1
    }
    : >"$VM_CONSOLE"
    # loglevel=3: kernel errors (an OOM kill is one) stay off the console the
    # checks print on; the journal inside still has them.
    qemu-system-x86_64 -accel tcg,thread=multi -m "$VM_MEMORY" -smp "$VM_CPUS" \
        -nographic -no-reboot -nic none \
        -kernel "$VM_DIR/vmlinuz" -initrd "$VM_DIR/initrd.img" \
        -drive "file=$VM_DIR/disk.img,format=raw,if=virtio" \
        -append "console=ttyS0 root=/dev/vda rw quiet loglevel=3 systemd.show_status=0 apparmor=1 security=apparmor" \
        </dev/null >"$VM_CONSOLE" 2>&1 &
    VM_QEMU_PID=$!
    local tail_pid=
    if [ -n "${VM_ECHO:-}" ]; then
        tail -n +1 -F "$VM_CONSOLE" 2>/dev/null &
        tail_pid=$!
    fi
    local deadline=$(($(date +%s) + VM_BOOT_TIMEOUT))
    rc=0
    while kill -0 "$VM_QEMU_PID" 2>/dev/null; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            _vm_say "no power-off after ${VM_BOOT_TIMEOUT}s: stopping QEMU"
            kill "$VM_QEMU_PID" 2>/dev/null
            rc=1
            break
        fi
        sleep 1
    done
    wait "$VM_QEMU_PID" 2>/dev/null
    VM_QEMU_PID=
    if [ -n "$tail_pid" ]; then
        sleep 0.3
        kill "$tail_pid" 2>/dev/null
        wait "$tail_pid" 2>/dev/null
    fi
    return $rc
}

vm_summary() {
    local line
    line=$(tr -d '\r' <"$VM_CONSOLE" | grep -a '^vm-checks: [0-9]* passed' | tail -n 1)
    if [ -z "$line" ]; then
        echo "vm-checks: no summary line (the checks did not finish)"
        return 1
    fi
    echo "$line"
    [[ $line =~ ^vm-checks:\ ([0-9]+)\ passed,\ 0\ failed ]] && [ "${BASH_REMATCH[1]}" -gt 0 ]
}

vm_down() {
    if [ -n "$VM_QEMU_PID" ] && kill -0 "$VM_QEMU_PID" 2>/dev/null; then
        kill "$VM_QEMU_PID" 2>/dev/null
        wait "$VM_QEMU_PID" 2>/dev/null
    fi
    VM_QEMU_PID=
    if [ -n "$VM_DIR" ] && [ -z "${VM_KEEP:-}" ] && mountpoint -q "$VM_DIR"; then
        umount "$VM_DIR" || umount -l "$VM_DIR"
    fi
}
