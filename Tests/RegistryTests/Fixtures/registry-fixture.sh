#!/usr/bin/env bash
# A real registry on loopback for the pull tests: Debian's docker-registry
# (the CNCF distribution registry) with images built offline by umoci and
# pushed by skopeo.
#
#   registry-fixture.sh up DIR [plain|tls|auth|token] [OWNER]   start it; prints the port
#   registry-fixture.sh down DIR                          stop it
#
# With OWNER (a PID), once that process is gone the registry is stopped and
# DIR removed, so a test run leaves nothing running and nothing behind.
#
# DIR holds everything (config, storage, certificates, htpasswd, layouts).
# tls: a self-signed CA (DIR/ca.crt) signs the server's certificate for
# 127.0.0.1 and localhost. auth: tls plus htpasswd basic auth, user
# `puller`, password `s3cret`. token: plain HTTP, bearer tokens from
# token-server.py (next to this script) for the same user. Pushed: multi:1 (4 layers: busybox and three
# files of random data), multi:pinned (the same), index:1 (an OCI index of
# a linux/amd64 and a linux/arm64 image, each with /platform naming its
# architecture). Needs docker-registry, skopeo, umoci, openssl, htpasswd
# (apache2-utils), jq, curl, busybox-static, python3.
set -euo pipefail

cmd=$1 dir=$2 mode=${3:-plain} owner=${4:-}

stop() {
    if [ -f "$dir/token.pid" ]; then
        kill "$(cat "$dir/token.pid")" 2>/dev/null || true
        rm -f "$dir/token.pid"
    fi
    if [ -f "$dir/registry.pid" ]; then
        kill "$(cat "$dir/registry.pid")" 2>/dev/null || true
        rm -f "$dir/registry.pid"
    fi
}

# blob FILE: stores FILE in the layout as a blob; prints "DIGEST SIZE".
blob() {
    local hex size
    hex=$(sha256sum "$1" | cut -d' ' -f1)
    size=$(stat -c %s "$1")
    cp "$1" "$dir/oci/blobs/sha256/$hex"
    echo "sha256:$hex $size"
}

images() {
    [ -f "$dir/oci/index.json" ] && return 0
    umoci init --layout "$dir/oci"
    umoci new --image "$dir/oci:multi"
    for i in 1 2 3 4; do
        umoci unpack --rootless --image "$dir/oci:multi" "$dir/b" >/dev/null
        if [ $i = 1 ]; then
            mkdir -p "$dir/b/rootfs/bin"
            cp /bin/busybox "$dir/b/rootfs/bin/busybox"
        else
            head -c $((i * 400000)) /dev/urandom >"$dir/b/rootfs/data$i"
        fi
        umoci repack --image "$dir/oci:multi" "$dir/b"
        rm -rf "$dir/b"
    done
    umoci config --image "$dir/oci:multi" --config.cmd /bin/busybox --config.cmd true
    for arch in amd64 arm64; do
        umoci new --image "$dir/oci:$arch"
        umoci unpack --rootless --image "$dir/oci:$arch" "$dir/b" >/dev/null
        echo "$arch" >"$dir/b/rootfs/platform"
        umoci repack --image "$dir/oci:$arch" "$dir/b"
        rm -rf "$dir/b"
        umoci config --image "$dir/oci:$arch" --architecture "$arch" --os linux
    done
    # An OCI index of the two, written by hand (neither tool makes one).
    local entries=() arch digest size
    for arch in amd64 arm64; do
        digest=$(jq -r --arg t "$arch" '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $t) | .digest' "$dir/oci/index.json")
        size=$(stat -c %s "$dir/oci/blobs/sha256/${digest#sha256:}")
        entries+=("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"$digest\",\"size\":$size,\"platform\":{\"architecture\":\"$arch\",\"os\":\"linux\"}}")
    done
    (IFS=,; echo "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[${entries[*]}]}") >"$dir/index-doc.json"
    read -r digest size < <(blob "$dir/index-doc.json")
    jq --arg d "$digest" --argjson s "$size" \
        '.manifests += [{"mediaType":"application/vnd.oci.image.index.v1+json","digest":$d,"size":$s,"annotations":{"org.opencontainers.image.ref.name":"index"}}]' \
        "$dir/oci/index.json" >"$dir/oci/index.json.new"
    mv "$dir/oci/index.json.new" "$dir/oci/index.json"
}

up() {
    mkdir -p "$dir"
    images
    local port tls="" auth="" creds=() verify=(--dest-tls-verify=false)
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    if [ "$mode" = tls ] || [ "$mode" = auth ]; then
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=swctl-test-ca \
            -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
        openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout "$dir/server.key" \
            -out "$dir/server.csr" 2>/dev/null
        printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$dir/san.ext"
        openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
            -days 2 -extfile "$dir/san.ext" -out "$dir/server.crt" 2>/dev/null
        tls="tls: {certificate: $dir/server.crt, key: $dir/server.key}"
    fi
    if [ "$mode" = token ]; then
        local token_port
        token_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=swctl-test-token \
            -keyout "$dir/token.key" -out "$dir/token.crt" 2>/dev/null
        python3 "$(dirname "$0")/token-server.py" "$token_port" "$dir/token.key" "$dir/token.crt" \
            swctl-test-issuer puller:s3cret ${owner:+"$owner"} >"$dir/token.log" 2>&1 &
        echo $! >"$dir/token.pid"
        for _ in $(seq 100); do
            curl -s -o /dev/null "http://127.0.0.1:$token_port/token" && break
            kill -0 "$(cat "$dir/token.pid")" 2>/dev/null || { cat "$dir/token.log" >&2; exit 1; }
            sleep 0.05
        done
        auth="auth: {token: {realm: \"http://127.0.0.1:$token_port/token\", service: swctl-test, issuer: swctl-test-issuer, rootcertbundle: $dir/token.crt}}"
        creds=(--dest-creds puller:s3cret)
    fi
    if [ "$mode" = auth ]; then
        htpasswd -Bbn puller s3cret >"$dir/htpasswd"
        auth="auth: {htpasswd: {realm: swctl-test, path: $dir/htpasswd}}"
        creds=(--dest-creds puller:s3cret)
    fi
    cat >"$dir/config.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $dir/data}}
http: {addr: 127.0.0.1:$port, ${tls:+$tls}}
${auth}
YML
    docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
    local pid=$!
    echo $pid >"$dir/registry.pid"
    if [ -n "$owner" ]; then
        (
            while kill -0 "$owner" 2>/dev/null && kill -0 "$pid" 2>/dev/null; do sleep 1; done
            kill "$pid" 2>/dev/null
            [ -f "$dir/token.pid" ] && kill "$(cat "$dir/token.pid")" 2>/dev/null
            sleep 0.5
            rm -rf "$dir"
        ) </dev/null >/dev/null 2>&1 &
    fi
    local scheme=http
    [ -n "$tls" ] && scheme=https
    for _ in $(seq 100); do
        if curl -s -o /dev/null -k "$scheme://127.0.0.1:$port/v2/"; then break; fi
        kill -0 "$pid" 2>/dev/null || { cat "$dir/registry.log" >&2; exit 1; }
        sleep 0.05
    done
    skopeo copy -q "${verify[@]}" "${creds[@]}" "oci:$dir/oci:multi" "docker://127.0.0.1:$port/multi:1"
    skopeo copy -q "${verify[@]}" "${creds[@]}" "oci:$dir/oci:multi" "docker://127.0.0.1:$port/multi:pinned"
    skopeo copy -q --all "${verify[@]}" "${creds[@]}" "oci:$dir/oci:index" "docker://127.0.0.1:$port/index:1"
    echo "$port"
}

case $cmd in
up) up ;;
down) stop ;;
*) echo "usage: $0 up|down DIR [plain|tls|auth]" >&2; exit 2 ;;
esac
