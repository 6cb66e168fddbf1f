#!/usr/bin/env bash
# Build the demo image: a busybox root filesystem directory, from Debian's
# busybox-static (no network). `Image=` in a definition can name it directly.
#
#   scripts/make-busybox-rootfs.sh DIR      (DIR is replaced if it exists)
#
# Environment: BUSYBOX (default /bin/busybox) must be a statically linked
# busybox, since the image has no libc.
set -euo pipefail

usage() { echo "usage: $0 DIR" >&2; exit 2; }
[ $# -eq 1 ] || usage
dest=${1%/}
[ -n "$dest" ] && [ "$dest" != / ] || { echo "make-busybox-rootfs: refusing to write to '$1'" >&2; exit 2; }

busybox=${BUSYBOX:-/bin/busybox}
if [ ! -x "$busybox" ]; then
    echo "make-busybox-rootfs: $busybox not found: apt-get install busybox-static" >&2
    exit 1
fi
if ! file -L "$busybox" 2>/dev/null | grep -q 'statically linked'; then
    echo "make-busybox-rootfs: $busybox is not statically linked: apt-get install busybox-static" >&2
    exit 1
fi

# Build next to the destination and swap at the end, so a failed build never
# leaves half an image where a container might use it.
tmp="$dest.new.$$"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"
cd "$tmp"

mkdir -p bin sbin usr/bin usr/sbin etc root home tmp var/tmp var/log run proc sys dev
chmod 1777 tmp var/tmp
chmod 0700 root
install -m 0755 "$busybox" bin/busybox

# One absolute symlink per applet, at the path busybox itself suggests
# (bin/sh, usr/bin/env, sbin/ifconfig …). Absolute targets resolve inside the
# container, whatever directory the image sits in on the host.
"$busybox" --list-full | while read -r applet; do
    case "$applet" in
    bin/busybox | linuxrc | "") continue ;;
    esac
    mkdir -p "$(dirname "$applet")"
    ln -sf /bin/busybox "$applet"
done

cat >etc/passwd <<'EOF'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
cat >etc/group <<'EOF'
root:x:0:
daemon:x:1:
www-data:x:33:
nogroup:x:65534:
EOF
cat >etc/shadow <<'EOF'
root:*:19000:0:99999:7:::
daemon:*:19000:0:99999:7:::
www-data:*:19000:0:99999:7:::
nobody:*:19000:0:99999:7:::
EOF
chmod 0640 etc/shadow
echo busybox >etc/hostname
cat >etc/hosts <<'EOF'
127.0.0.1	localhost
::1	localhost
EOF
: >etc/resolv.conf
cat >etc/os-release <<EOF
NAME="swctl busybox demo"
ID=busybox
VERSION_ID="$("$busybox" 2>&1 | head -1 | sed -n 's/^BusyBox v\([^ ]*\).*/\1/p')"
PRETTY_NAME="swctl busybox demo image"
EOF

cd /
rm -rf "$dest"
mv "$tmp" "$dest"
trap - EXIT
echo "make-busybox-rootfs: $dest ($(find "$dest" -type l | wc -l) applets)"
