#!/usr/bin/env bash
# The one list of Debian packages swctl needs to build and test, and the
# installer that .ci/run and scripts/quickstart.sh both call.
#
#   scripts/deps.sh            install what is missing (apt-get), check Swift
#   scripts/deps.sh --list     print the package names, one a line
#   scripts/deps.sh --check    exit non-zero if something is missing
#
# The Swift toolchain is not a Debian package: it is expected at /opt/swift
# (or anywhere on PATH).
set -euo pipefail

PACKAGES=(
    # C libraries the package links (the C* system-library targets)
    libsystemd-dev libseccomp-dev libcap-dev libapparmor-dev zlib1g-dev libzstd-dev pkg-config
    # build and lint tools
    make binutils file
    # ring 1: a differential peer runtime; the busybox demo image; podman
    # (with conmon) as a real client of the runtime
    runc busybox-static podman
    # images: archives made offline by real tools (docker-archive, oci-archive)
    skopeo umoci
    # registry pulls: libcurl (dlopen'd by swctl; the -dev headers only check
    # the ABI numbers at build time), a real registry on loopback with TLS
    # (openssl), htpasswd auth (apache2-utils) and a token service (python3
    # with python3-cryptography to sign its JWTs), curl to wait for them
    libcurl4 libcurl4-openssl-dev docker-registry openssl apache2-utils curl python3 python3-cryptography
    # images: zstd layers made by the real tool in the tests
    zstd
    # networking: rtnetlink (libnl-route-3) and nftables (libnftables), linked
    # by swctl; the ring 1 and ring 2 checks drive ip, nft and real clients
    # (curl above, netcat-openbsd for UDP)
    libnl-route-3-dev libnftables-dev iproute2 nftables netcat-openbsd
    # ring 2: a real systemd booted in a box (systemd-nspawn, nsenter,
    # journald, dbus), and pgrep/ps for the assertions
    systemd systemd-container dbus util-linux procps jq
    # ring 2: a terminal for `swctl exec -it` (tmux send-keys/capture-pane)
    tmux
    # ring 3: a Debian kernel under QEMU, its root made by mmdebstrap
    qemu-system-x86 mmdebstrap e2fsprogs
    # the escape suite's probe (Tests/escape/escape-probe.c), built static
    gcc libc6-dev
    # benchmarks
    hyperfine
    # layer copies for user namespaces: xattrs and file capabilities set and read in the tests
    attr libcap2-bin
)

missing() {
    local p
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
            echo "$p"
    done
}

swift_path() {
    if command -v swift >/dev/null 2>&1; then
        command -v swift
    elif [ -x /opt/swift/usr/bin/swift ]; then
        echo /opt/swift/usr/bin/swift
    else
        return 1
    fi
}

case "${1:-install}" in
--list)
    printf '%s\n' "${PACKAGES[@]}"
    ;;
--check)
    status=0
    m=$(missing)
    if [ -n "$m" ]; then
        echo "deps: missing packages: $(echo "$m" | tr "\n" " ")  (run scripts/deps.sh)" >&2
        status=1
    fi
    if ! swift_path >/dev/null; then
        echo "deps: no swift on PATH nor at /opt/swift/usr/bin" >&2
        status=1
    fi
    exit $status
    ;;
install)
    m=$(missing)
    if [ -n "$m" ]; then
        if [ "$(id -u)" != 0 ]; then
            echo "deps: missing packages: $(echo "$m" | tr "\n" " "); installing them needs root" >&2
            exit 1
        fi
        echo "deps: installing $(echo "$m" | tr "\n" " ")"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        # shellcheck disable=SC2086
        apt-get install -y -q --no-install-recommends $m
    else
        echo "deps: all ${#PACKAGES[@]} packages present"
    fi
    if s=$(swift_path); then
        echo "deps: $("$s" --version 2>/dev/null | head -1) ($s)"
    else
        echo "deps: no swift on PATH nor at /opt/swift/usr/bin: install a Swift 6 toolchain there" >&2
        exit 1
    fi
    ;;
*)
    echo "usage: scripts/deps.sh [--list|--check]" >&2
    exit 2
    ;;
esac
