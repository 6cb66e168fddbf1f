#!/usr/bin/env bash
# The layering rules of Package.swift that the compiler cannot see: which
# targets may import what. Prints FILE:LINE: rule: the import, for each
# breach, and exits non-zero if there is any.
#
#   scripts/lint.sh                 check Sources/
#   scripts/lint.sh --binary FILE   check a release swctl-runtime: no Swift or
#                                   Foundation shared library, no Foundation code
set -euo pipefail
cd "$(dirname "$0")/.."

# Pure targets reach nothing that talks to the kernel: only the standard library.
PURE=(UnitFile Definitions Generator JSON OCI Bundles ImageSpec CivilTime)
# The runtime path starts in a few milliseconds: no Foundation of any kind.
RUNTIME_PATH=(Runtime Syscalls SystemdProtocols Confinement Cgroups JSON OCI swctl-runtime)
# The CLI side may use FoundationEssentials, nothing more.
ESSENTIALS_OK=(Commands Systemd Engine)

failures=0

# import lines of a module, with attributes, access modifiers and import kinds:
#   import X, @preconcurrency import X, public import X, import struct X.Y
import_re() {
    printf '^[[:space:]]*(@[A-Za-z_]+[[:space:]]+)*((public|package|internal|fileprivate|private)[[:space:]]+)?import[[:space:]]+((typealias|struct|class|enum|protocol|let|var|func)[[:space:]]+)?(%s)([.[:space:]]|$)' "$1"
}

# check RULE MODULE-REGEX DIR…: report every import of a matching module.
check() {
    local rule=$1 modules=$2
    shift 2
    local dirs=() d hits
    for d in "$@"; do
        [ -d "Sources/$d" ] && dirs+=("Sources/$d")
    done
    [ ${#dirs[@]} -gt 0 ] || return 0
    if hits=$(grep -rnE --include='*.swift' "$(import_re "$modules")" "${dirs[@]}"); then
        while IFS= read -r hit; do
            local loc=${hit%%:*} rest=${hit#*:}
            local line=${rest%%:*} text=${rest#*:}
            echo "$loc:$line: $rule: $(echo "$text" | sed 's/^[[:space:]]*//')"
            failures=$((failures + 1))
        done <<<"$hits"
    fi
}

all_targets() {
    local d
    for d in Sources/*/; do
        d=${d%/}
        echo "${d#Sources/}"
    done
}

not_in() {
    local x=$1 y
    shift
    for y in "$@"; do [ "$x" = "$y" ] && return 1; done
    return 0
}

lint_sources() {
    check "pure target imports only the standard library (no Glibc, Foundation or C modules)" \
        'Glibc|Musl|Darwin|Android|WinSDK|Foundation[A-Za-z]*|Dispatch|C[A-Z][A-Za-z0-9_]*' "${PURE[@]}"

    local targets=() t
    while IFS= read -r t; do targets+=("$t"); done < <(all_targets)
    check "no target imports full Foundation (FoundationEssentials at most, and only in Commands, Systemd, Engine)" \
        'Foundation|FoundationNetworking|FoundationXML|FoundationInternationalization' "${targets[@]}"

    local runtime=()
    for t in "${RUNTIME_PATH[@]}"; do
        not_in "$t" "${PURE[@]}" && runtime+=("$t")
    done
    check "runtime path imports no Foundation at all (start time)" 'FoundationEssentials' "${runtime[@]}"

    local others=()
    for t in "${targets[@]}"; do
        not_in "$t" "${ESSENTIALS_OK[@]}" "${PURE[@]}" "${runtime[@]}" && others+=("$t")
    done
    check "FoundationEssentials is allowed only in Commands, Systemd, Engine" 'FoundationEssentials' "${others[@]}"

    if [ $failures -gt 0 ]; then
        echo "lint: $failures import rule breach(es) (see Package.swift and the README's design section)" >&2
        return 1
    fi
    echo "lint: import rules hold in $(find Sources -name '*.swift' | wc -l) Swift files"
}

lint_binary() {
    local bin=$1 libs foundation
    if [ ! -x "$bin" ]; then
        echo "$bin: missing: run make release first" >&2
        return 1
    fi
    libs=$(ldd "$bin" 2>&1 | grep -E 'libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime' || true)
    if [ -n "$libs" ]; then
        echo "$bin: release binary links Swift shared libraries (build with --static-swift-stdlib):" >&2
        echo "$libs" | sed 's/^/    /' >&2
        failures=$((failures + 1))
    fi
    # A static build hides Foundation from ldd: look for its symbols instead.
    foundation=$(nm "$bin" 2>/dev/null | grep -cE '\$s(20FoundationEssentials|10Foundation)' || true)
    if [ "${foundation:-0}" -gt 0 ]; then
        echo "$bin: runtime path links Foundation ($foundation symbols): some runtime dependency imports it" >&2
        failures=$((failures + 1))
    fi
    if [ $failures -gt 0 ]; then
        return 1
    fi
    echo "lint: $bin links no Swift or Foundation shared library and contains no Foundation code"
}

case "${1:-}" in
"") lint_sources ;;
--binary)
    [ $# -eq 2 ] || { echo "usage: $0 --binary FILE" >&2; exit 2; }
    lint_binary "$2"
    ;;
*)
    echo "usage: $0 [--binary FILE]" >&2
    exit 2
    ;;
esac
