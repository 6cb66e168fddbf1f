#!/usr/bin/env bash
# Ring 2 checks of named networks against a real systemd, inside the box's
# own network namespace: two containers on one network reach each other by
# name and by NetworkAlias=, a container started later is resolvable by the
# first, a container on another network cannot reach them, names do not
# resolve on the default bridge, `swctl network rm` refuses while in use,
# `network connect`/`disconnect` act on a running container, and after
# stopping everything no bridge, veth, rule, lease, hosts file or
# namespace mount is left. A port published by a container on a named
# network is reached from the box, 127.0.0.1, another namespace and a
# container on another network (through the box's address).
#
#   Tests/rings/named-network-box-check.sh LEADER_PID [IMAGE]
#
# IMAGE is a busybox root filesystem in the box (default
# /usr/share/swctl/images/busybox). One container uses the box's own root
# (Image=/) for glibc's `getent hosts` and wget. Prints `ok - …`/`FAIL - …`
# per check and `N passed, N failed`.
set -uo pipefail

LEADER=${1:?usage: named-network-box-check.sh LEADER_PID [IMAGE]}
IMAGE=${2:-/usr/share/swctl/images/busybox}
SWCTL=${SWCTL:-swctl}
DEFS=/etc/swctl/containers
# shellcheck source=Tests/rings/box-checks.sh
. "$(dirname "$0")/box-checks.sh"

NAMES=(aweb adb alate bweb dflt1 dflt2)
SLEEPER="Exec=/bin/sh -c 'trap \"exit 0\" TERM; sleep 600 & wait'"

def() { bx sh -c "mkdir -p $DEFS && cat > $DEFS/$1"; }
active() { bx systemctl is-active -q "ctr@$1.service"; }
address() { bx sh -c "grep '^$2 ' /run/swctl/network/named/$1/leases | cut -d' ' -f2"; }

teardown() {
    for n in "${NAMES[@]}"; do bx systemctl stop "ctr@$n.service" >/dev/null 2>&1; done
    for n in "${NAMES[@]}"; do bx rm -f "$DEFS/$n.container"; done
    bx rm -f "$DEFS/front.network" "$DEFS/netb.network"
    bx ip netns del swctlnpeer >/dev/null 2>&1
    bx ip link del vnpeer >/dev/null 2>&1
    bx systemctl daemon-reload >/dev/null 2>&1
}
trap teardown EXIT

# ── definitions ─────────────────────────────────────────────────────────────
run "$SWCTL" network create front
check "swctl network create front writes $DEFS/front.network" eval '[ $rc -eq 0 ] && [ "$out" = "$DEFS/front.network" ]'
def netb.network <<EOF
[Network]
Subnet=10.90.9.0/24
EOF
def aweb.container <<EOF
[Container]
Image=$IMAGE
Exec=/bin/sh -c 'mkdir -p /www && echo aweb > /www/index.html && exec httpd -f -p 80 -h /www'
Network=front.network
NetworkAlias=web-alias
PublishPort=8088:80
EOF
def adb.container <<EOF
[Container]
Image=/
$SLEEPER
Network=front
EOF
def alate.container <<EOF
[Container]
Image=$IMAGE
$SLEEPER
Network=front
EOF
def bweb.container <<EOF
[Container]
Image=$IMAGE
$SLEEPER
Network=netb
EOF
for n in dflt1 dflt2; do
    def $n.container <<EOF
[Container]
Image=$IMAGE
$SLEEPER
EOF
done
bx systemctl daemon-reload

# ── one network ─────────────────────────────────────────────────────────────
run systemctl start ctr@aweb ctr@adb
check "two containers on network front start" eval 'active aweb && active adb'
run ip -o -4 addr show dev swn-front
check "the bridge swn-front has 10.89.0.1/24" eval 'has "inet 10\.89\.0\.1/24" "$out"'
aweb=$(address front aweb)
run "$SWCTL" exec adb getent hosts aweb
check "adb: getent hosts aweb gives aweb's address ($aweb)" eval '[ -n "$aweb" ] && has "^$aweb +aweb" "$out"'
run "$SWCTL" exec adb wget -qO- -T 5 http://aweb/
check "adb reaches aweb by name (wget http://aweb/)" eval '[ "$out" = aweb ]'
run "$SWCTL" exec adb wget -qO- -T 5 http://web-alias/
check "adb reaches aweb by its NetworkAlias (http://web-alias/)" eval '[ "$out" = aweb ]'

run systemctl start ctr@alate
alate=$(address front alate)
run "$SWCTL" exec adb getent hosts alate
check "a container started later (alate, $alate) is resolvable in adb" eval '[ -n "$alate" ] && has "^$alate +alate" "$out"'
run "$SWCTL" exec alate cat /etc/hosts
check "alate's /etc/hosts lists aweb with its alias, and adb" eval 'has "^$aweb\s+aweb web-alias$" "$out" && has "\sadb$" "$out"'
# busybox's wget crashes with -T: its `timeout` bounds the attempts instead.
run "$SWCTL" exec alate timeout 5 wget -qO- http://aweb/
check "alate (busybox) reaches aweb by name" eval '[ "$out" = aweb ]'

run "$SWCTL" network inspect front
check "swctl network inspect front lists the three containers and the bridge" \
    eval 'has "\"swn-front\"" "$out" && has "\"aweb\"" "$out" && has "\"alate\"" "$out" && has "\"adb\"" "$out"'
run "$SWCTL" network ls
check "swctl network ls shows front with 3 containers" eval 'has "^front +bridge +10\.89\.0\.0/24 +no +3$" "$out"'

# ── another network, the default bridge ─────────────────────────────────────
run systemctl start ctr@bweb ctr@dflt1 ctr@dflt2
check "a container on netb and two on the default bridge start" eval 'active bweb && active dflt1 && active dflt2'

# ── a published port on a named network ─────────────────────────────────────
bx sh -c 'ip netns add swctlnpeer && ip link add vnpeer type veth peer name eth0 netns swctlnpeer &&
    ip addr add 198.51.100.1/24 dev vnpeer && ip link set vnpeer up &&
    ip -n swctlnpeer addr add 198.51.100.2/24 dev eth0 && ip -n swctlnpeer link set eth0 up'
peer_rc=$?
check "a second namespace (198.51.100.2) on a veth to the box (198.51.100.1)" eval '[ $peer_rc -eq 0 ]'
run "$SWCTL" port aweb
check "swctl port aweb (on front): 80/tcp -> 0.0.0.0:8088" eval '[ "$out" = "80/tcp -> 0.0.0.0:8088" ]'
run "$SWCTL" ps
check "swctl ps shows aweb's 0.0.0.0:8088->80/tcp" eval 'has "^aweb .*0\.0\.0\.0:8088->80/tcp" "$out"'
run curl -sS --max-time 5 http://127.0.0.1:8088/
check "from the box: curl 127.0.0.1:8088 reaches aweb on front" eval '[ "$out" = aweb ]'
run ip netns exec swctlnpeer curl -sS --max-time 5 http://198.51.100.1:8088/
check "from another namespace: curl 198.51.100.1:8088 reaches aweb" eval '[ "$out" = aweb ]'
run "$SWCTL" exec bweb timeout 5 wget -qO- http://198.51.100.1:8088/
check "bweb (netb) reaches aweb's published port through the box's address" eval '[ "$out" = aweb ]'
run "$SWCTL" exec bweb cat /etc/hosts
check "bweb (netb, 10.90.9.0/24) is not told about front's containers" eval 'has "^10\.90\.9\.2" "$out" && ! has aweb "$out"'
# Refused or timed out, not crashed (139): the bridges are isolated.
blocked() { [ $rc -ne 0 ] && [ $rc -ne 139 ] && [ "$out" != aweb ]; }
run "$SWCTL" exec bweb timeout 3 wget -qO- "http://$aweb/"
check "bweb cannot reach aweb's address (the bridges are isolated)" blocked
run "$SWCTL" exec dflt1 timeout 3 wget -qO- "http://$aweb/"
check "a default-bridge container cannot reach aweb either" blocked
run "$SWCTL" exec dflt1 timeout 3 wget -qO- http://dflt2/
check "on the default bridge names do not resolve: dflt1 cannot wget http://dflt2/" blocked
run "$SWCTL" exec dflt1 cat /etc/hosts
check "on the default bridge names do not resolve: dflt1's /etc/hosts has no dflt2" eval 'has dflt1 "$out" && ! has dflt2 "$out"'

run "$SWCTL" network rm front
check "swctl network rm front refuses while containers use it" \
    eval '[ $rc -ne 0 ] && has "in use by" "$err" && bx test -f $DEFS/front.network'

# ── connect, disconnect (the running container only) ────────────────────────
run "$SWCTL" network connect front bweb
check "swctl network connect front bweb: bweb gets eth1 on front" \
    eval '[ $rc -eq 0 ] && nsenter -t $LEADER -a grep -q "^bweb 10\.89\.0\." /run/swctl/network/named/front/leases'
run "$SWCTL" exec adb getent hosts bweb
check "adb resolves the connected bweb" eval 'has "^10\.89\.0\.[0-9]+ +bweb" "$out"'
run "$SWCTL" exec bweb timeout 5 wget -qO- http://aweb/
check "bweb now reaches aweb (by name: bweb started on a named network)" eval '[ "$out" = aweb ]'
run "$SWCTL" network disconnect front bweb
run "$SWCTL" exec bweb timeout 3 wget -qO- "http://$aweb/"
check "after swctl network disconnect front bweb it cannot again" blocked

# ── leaving ─────────────────────────────────────────────────────────────────
run systemctl stop ctr@alate
run "$SWCTL" exec adb getent hosts alate
check "alate stopped: adb no longer resolves it" eval '[ $rc -ne 0 ] || [ -z "$out" ]'

t0=$(date +%s%N)
bad=0
for _ in $(seq 1 10); do
    bx systemctl start ctr@alate || bad=$((bad + 1))
    bx systemctl stop ctr@alate || bad=$((bad + 1))
done
ms=$((($(date +%s%N) - t0) / 1000000))
echo "# 10 start/stop cycles of a container on a named network with two others on it: $ms ms"
run sh -c 'grep -c "^alate " /run/swctl/network/named/front/leases; grep -c alate /run/swctl/network/hosts/adb'
check "10 start/stop cycles on front: each succeeds, no lease or hosts line of alate is left" \
    eval '[ $bad -eq 0 ] && [ "$(echo $out)" = "0 0" ]'

for n in "${NAMES[@]}"; do bx systemctl stop "ctr@$n.service" >/dev/null 2>&1; done
run sh -c 'ip -o link show | grep -E "swn-|sw0a59|sw0a5a"; nft list chain ip swctl named_forward 2>/dev/null;
    find /run/swctl/network/named /run/swctl/network/hosts -mindepth 1 2>/dev/null; grep /run/swctl/netns/ /proc/self/mountinfo;
    nft list map ip swctl published 2>/dev/null | grep 8088'
check "all stopped: no named bridge, veth, nft chain or port, network state, hosts file or namespace mount" eval '[ -z "$out" ]'
run "$SWCTL" network rm front
check "swctl network rm front works once nothing uses it" eval '[ $rc -eq 0 ] && ! bx test -e $DEFS/front.network'

checks_summary
