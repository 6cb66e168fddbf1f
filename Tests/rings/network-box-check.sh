#!/usr/bin/env bash
# Ring 2 checks of container networking against a real systemd, inside the
# box's own network namespace (--private-network): the default bridge with
# NAT, published TCP and UDP ports reached from a second namespace, from the
# box itself and from 127.0.0.1, hairpin from a container, outbound
# masquerade, Network=none and container:NAME, IP=, a port conflict named in
# the journal, `swctl port`/`ps`, and that start/stop cycles and a kill -9
# leave no veth, nftables element, lease or namespace mount behind.
#
#   Tests/rings/network-box-check.sh LEADER_PID [IMAGE] [CYCLES]
#
# LEADER_PID is the box's PID 1 as seen from the host; commands run inside
# it with `nsenter -t PID -a`. IMAGE is a busybox root filesystem in the box
# (default /usr/share/swctl/images/busybox). CYCLES start/stop cycles
# (default 20). Needs in the box (the host's root): iproute2, nftables,
# curl, netcat-openbsd. Prints `ok - …`/`FAIL - …` per check and
# `N passed, N failed`.
set -uo pipefail

LEADER=${1:?usage: network-box-check.sh LEADER_PID [IMAGE] [CYCLES]}
IMAGE=${2:-/usr/share/swctl/images/busybox}
CYCLES=${3:-20}
SWCTL=${SWCTL:-swctl}
DEFS=/etc/swctl/containers
# shellcheck source=Tests/rings/box-checks.sh
. "$(dirname "$0")/box-checks.sh"

NAMES=(nweb nauto nside nquiet nstatic nudp nclash ncycle)

def() { bx sh -c "mkdir -p $DEFS && cat > $DEFS/$1.container"; }
# A container that stops at once on SIGTERM (a plain sleep as PID 1 ignores it).
SLEEPER="Exec=/bin/sh -c 'trap \"exit 0\" TERM; sleep 600 & wait'"

# ctr NAME: ctr@NAME is active.
active() { bx systemctl is-active -q "ctr@$1.service"; }

teardown() {
    for n in "${NAMES[@]}"; do bx systemctl stop "ctr@$n.service" >/dev/null 2>&1; done
    for n in "${NAMES[@]}"; do bx rm -f "$DEFS/$n.container"; done
    bx ip netns del swctlpeer >/dev/null 2>&1
    bx ip link del vpeer >/dev/null 2>&1
    bx systemctl daemon-reload >/dev/null 2>&1
}
trap teardown EXIT

# ── definitions ─────────────────────────────────────────────────────────────
def nweb <<EOF
[Container]
Image=$IMAGE
Exec=/bin/sh -c 'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 80 -h /www'
PublishPort=8080:80
EOF
def nauto <<EOF
[Container]
Image=$IMAGE
Exec=/bin/sh -c 'mkdir -p /www && echo auto > /www/index.html && exec httpd -f -p 80 -h /www'
PublishPort=80
EOF
def nside <<EOF
[Container]
Image=$IMAGE
$SLEEPER
Network=container:nweb
EOF
def nquiet <<EOF
[Container]
Image=$IMAGE
$SLEEPER
Network=none
EOF
def nstatic <<EOF
[Container]
Image=$IMAGE
$SLEEPER
IP=10.88.0.50
EOF
# UDP needs a real netcat (busybox's has no -u): an overlay of the box's
# own root as the image.
def nudp <<EOF
[Container]
Image=/
Exec=/bin/nc.openbsd -u -l -k 5300
PublishPort=5300:5300/udp
EOF
def nclash <<EOF
[Container]
Image=$IMAGE
$SLEEPER
PublishPort=8080:80
EOF
def ncycle <<EOF
[Container]
Image=$IMAGE
$SLEEPER
PublishPort=9000:80
PublishPort=9001:81/udp
EOF
bx systemctl daemon-reload

# "Another host": a namespace on a veth, 192.0.2.2, with no route to the
# containers' subnet, so what reaches it from a container must be NATed.
bx sh -c 'ip netns add swctlpeer && ip link add vpeer type veth peer name eth0 netns swctlpeer &&
    ip addr add 192.0.2.1/24 dev vpeer && ip link set vpeer up &&
    ip -n swctlpeer addr add 192.0.2.2/24 dev eth0 && ip -n swctlpeer link set eth0 up && ip -n swctlpeer link set lo up'
peer_rc=$?
check "a second namespace (192.0.2.2) on a veth to the box (192.0.2.1)" eval '[ $peer_rc -eq 0 ]'

# ── bridge, published ports ─────────────────────────────────────────────────
run systemctl start ctr@nweb ctr@nauto ctr@nstatic ctr@nudp
check "bridge containers with published ports start" eval 'active nweb && active nauto && active nstatic && active nudp'

run "$SWCTL" port nweb
check "swctl port nweb: 80/tcp -> 0.0.0.0:8080" eval '[ "$out" = "80/tcp -> 0.0.0.0:8080" ]'
run "$SWCTL" port nauto 80
auto=$out
check "swctl port nauto 80 gives the host port picked for PublishPort=80" eval 'has "^0\.0\.0\.0:[0-9]+$" "$auto"'
run "$SWCTL" ps
check "swctl ps has a PORTS column with 0.0.0.0:8080->80/tcp" \
    eval 'has "PORTS" "$out" && has "^nweb .*0\.0\.0\.0:8080->80/tcp" "$out"'

run ip -o -4 addr show dev swctl0
check "the bridge swctl0 has the gateway 10.88.0.1/16" eval 'has "inet 10\.88\.0\.1/16" "$out"'

run curl -sS --max-time 5 http://127.0.0.1:8080/
check "from the box: curl 127.0.0.1:8080 reaches nweb" eval '[ "$out" = nweb ]'
run curl -sS --max-time 5 "http://192.0.2.1:${auto#*:}/"
check "from the box: curl 192.0.2.1:<picked port> reaches nauto" eval '[ "$out" = auto ]'
run ip netns exec swctlpeer curl -sS --max-time 5 http://192.0.2.1:8080/
check "from another namespace: curl 192.0.2.1:8080 reaches nweb" eval '[ "$out" = nweb ]'
run ip netns exec swctlpeer sh -c 'echo ping-over-udp | nc.openbsd -u -w1 192.0.2.1 5300; true'
sleep 1
run journalctl -u ctr@nudp -o cat --no-pager
check "from another namespace: UDP to 192.0.2.1:5300 reaches nudp (its journal)" eval 'has "ping-over-udp" "$out"'

run "$SWCTL" exec nauto wget -qO- http://10.88.0.1:8080/
check "hairpin: from nauto, the host's 10.88.0.1:8080 reaches nweb" eval '[ "$out" = nweb ]'
run "$SWCTL" exec nweb wget -qO- http://192.0.2.1:8080/
check "hairpin: nweb reaches itself through 192.0.2.1:8080" eval '[ "$out" = nweb ]'

# Outbound: a server in the other namespace, which has no route back.
bx sh -c 'mkdir -p /srv/peerwww && echo from-the-peer > /srv/peerwww/index.html'
bx ip netns exec swctlpeer busybox httpd -p 9090 -h /srv/peerwww
run "$SWCTL" exec nweb wget -qO- http://192.0.2.2:9090/
check "outbound: nweb reaches 192.0.2.2 (masqueraded: the peer has no route to 10.88/16)" eval '[ "$out" = from-the-peer ]'
bx ip netns exec swctlpeer sh -c 'kill $(pidof busybox) 2>/dev/null'

run "$SWCTL" exec nweb cat /etc/hosts
check "nweb's /etc/hosts names it on 10.88.0.2" eval 'has "^10\.88\.0\.[0-9]+.nweb" "$out"'
run "$SWCTL" exec nweb cat /etc/resolv.conf
check "nweb's /etc/resolv.conf names no 127.0.0.0/8 resolver" eval '! has "nameserver 127\." "$out" && has nameserver "$out"'
run "$SWCTL" exec nstatic cat /etc/hosts
check "IP=10.88.0.50 gives that address" eval 'has "^10\.88\.0\.50.nstatic" "$out"'

# ── none, container:NAME ────────────────────────────────────────────────────
run systemctl start ctr@nquiet ctr@nside
run "$SWCTL" exec nquiet ls /sys/class/net
check "Network=none: only lo" eval '[ "$out" = lo ]'
run "$SWCTL" exec nside wget -qO- http://127.0.0.1:80/
check "Network=container:nweb: nside reaches nweb's server on localhost" eval '[ "$out" = nweb ]'

# ── a conflicting host port ─────────────────────────────────────────────────
run systemctl start ctr@nclash
check "a second container on host port 8080 fails to start" eval '[ $rc -ne 0 ] && ! active nclash'
run journalctl -b --no-pager -o cat CONTAINER_NAME=nclash SYSLOG_IDENTIFIER=swctl
check "the journal says which container holds 8080" \
    eval 'has "host port 8080/tcp is already published by container nweb" "$out"'
run sh -c 'grep -c "^nclash " /run/swctl/network/leases; ls /run/swctl/netns'
check "the failed start left no lease and no namespace" eval '! has "nclash" "$out"'

# ── cycles and a crash leave nothing ────────────────────────────────────────
leftovers() {
    # veths on the bridge besides the running ones, map elements, leases,
    # namespace mounts, for the names given.
    local n
    for n in "$@"; do
        bx grep -q "^$n " /run/swctl/network/leases && echo "lease of $n"
        bx grep -q "/run/swctl/netns/$n " /proc/self/mountinfo && echo "netns mount of $n"
    done
    bx nft list table ip swctl | grep -E ' 900[01] ' && echo "map elements of ncycle"
}
t0=$(date +%s%N)
bad=0
for _ in $(seq 1 "$CYCLES"); do
    bx systemctl start ctr@ncycle || bad=$((bad + 1))
    bx systemctl stop ctr@ncycle || bad=$((bad + 1))
done
ms=$((($(date +%s%N) - t0) / 1000000))
echo "# $CYCLES start/stop cycles of a bridge container with 2 published ports: $ms ms"
left=$(leftovers ncycle)
links=$(bx ip -o link show master swctl0 | wc -l)
check "$CYCLES start/stop cycles: each start succeeds and nothing is left (veths on the bridge: $links for 4 running)" \
    eval '[ $bad -eq 0 ] && [ -z "$left" ] && [ "$links" -eq 4 ]'

bx systemctl start ctr@ncycle
pid=$(bx systemctl show -P MainPID ctr@ncycle.service)
bx kill -9 "$pid"
wait_for 10 sh -c "! nsenter -t $LEADER -a systemctl is-active -q ctr@ncycle.service" &&
    wait_for 10 sh -c "! nsenter -t $LEADER -a grep -q '^ncycle ' /run/swctl/network/leases"
left=$(leftovers ncycle)
check "kill -9 of the container: cleanup removes its lease, rules and namespace" eval '[ -z "$left" ]'

for n in "${NAMES[@]}"; do bx systemctl stop "ctr@$n.service" >/dev/null 2>&1; done
left=$(leftovers "${NAMES[@]}")
run sh -c 'ip -o link show master swctl0; nft list map ip swctl published; nft list map ip swctl published_on; cat /run/swctl/network/leases; ls /run/swctl/netns'
check "all stopped: no veth on the bridge, no map element, no lease, no namespace" \
    eval '[ -z "$left" ] && ! has "sw0a" "$out" && ! has " : 10\.88" "$out" && ! has "^n[a-z]+ 10\." "$out"'

checks_summary
