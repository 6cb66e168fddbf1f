#!/usr/bin/env bash
# Build the Debian package of swctl from the release build:
#
#   scripts/make-deb.sh [OUTDIR]        (default: dist/; run `make release` first)
#
# The package holds what `make install PREFIX=/usr` installs (binaries, the
# generator, ctr@.service, tmpfiles.d, man pages, completions, the demo
# image). Depends are the packages that own the shared libraries the three
# binaries load (dpkg -S on their ldd), so they follow the build machine;
# the maintainer scripts let systemd pick up the generator and the template.
# Libraries loaded with dlopen only when a feature needs them (libcurl for
# `swctl image pull`) are Recommends.
set -euo pipefail

cd "$(dirname "$0")/.."
out=${1:-dist}
scratch=${SCRATCH:-.build}
version=$(sed -n 's/.*static let version = "\(.*\)".*/\1/p' Sources/Runtime/RuntimeMain.swift)
arch=$(dpkg --print-architecture)
[ -n "$version" ] || { echo "make-deb: no version in Sources/Runtime/RuntimeMain.swift" >&2; exit 1; }

work=$(mktemp -d /tmp/swctl-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/swctl_${version}_$arch
make --no-print-directory install DESTDIR="$root" PREFIX=/usr SCRATCH="$scratch" >"$work/install.log" 2>&1 || {
    cat "$work/install.log" >&2
    exit 1
}

# Debian policy: man pages compressed, reproducibly (no name or time stamp).
find "$root/usr/share/man" -type f -name '*.[0-9]' -exec gzip -9n {} +

# The packages behind the libraries the binaries link directly (NEEDED;
# those libraries' own dependencies are their packages' business), as
# "pkg (>= version)".
depends=$(
    for binary in "$root/usr/bin/swctl" "$root/usr/bin/swctl-runtime" "$root/usr/lib/systemd/system-generators/swctl-generator"; do
        needed=$(objdump -p "$binary" | awk '$1 == "NEEDED" { print $2 }')
        ldd "$binary" | awk -v needed=" $(echo $needed) " 'index(needed, " " $1 " ") && $3 ~ /^\// { print $3 }'
    done | sort -u | while read -r library; do
        dpkg -S "$(readlink -f "$library")" 2>/dev/null || dpkg -S "$library" 2>/dev/null || true
    done | cut -d: -f1 | sort -u | while read -r package; do
        echo "$package (>= $(dpkg-query -W -f='${Version}' "$package" | sed 's/-[^-]*$//'))"
    done | paste -sd, | sed 's/,/, /g'
)

mkdir -p "$root/DEBIAN"
size=$(du -sk "$root/usr" "$root/etc" 2>/dev/null | awk '{ s += $1 } END { print s }')
cat >"$root/DEBIAN/control" <<CONTROL
Package: swctl
Version: $version
Architecture: $arch
Maintainer: swctl developers <swctl@localhost>
Installed-Size: $size
Depends: $depends, systemd (>= 252)
Recommends: systemd-container, libcurl4
Suggests: apparmor
Section: admin
Priority: optional
Description: containers declared as plain files, run as systemd services
 Definitions in /etc/swctl/containers (systemd unit syntax, Podman Quadlet
 key names) become instances of ctr@.service through a systemd generator;
 swctl-runtime, an OCI runtime, hands each container's init to systemd, and
 swctl reads state over sd-bus and logs from the journal. No daemon.
CONTROL
cat >"$root/DEBIAN/postinst" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
    systemd-tmpfiles --create /usr/lib/tmpfiles.d/swctl.conf >/dev/null 2>&1 || true
    if [ -d /run/systemd/system ]; then systemctl daemon-reload >/dev/null 2>&1 || true; fi
fi
SCRIPT
cat >"$root/DEBIAN/postrm" <<'SCRIPT'
#!/bin/sh
set -e
if [ -d /run/systemd/system ]; then systemctl daemon-reload >/dev/null 2>&1 || true; fi
SCRIPT
chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/postrm"

mkdir -p "$out"
dpkg-deb --root-owner-group --build "$root" "$out/swctl_${version}_$arch.deb" >/dev/null
echo "$out/swctl_${version}_$arch.deb"
