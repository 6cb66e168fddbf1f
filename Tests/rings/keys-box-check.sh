#!/usr/bin/env bash
# The checks are eval'd strings: their variables expand when they run
# (SC2016), and some are read only there (SC2034).
# shellcheck disable=SC2016,SC2034
# Ring 2 checks of the Quadlet keys that shape a container, under a real
# systemd: Secret= (a systemd credential, readable in the container as a
# file and a variable, never in the unit's environment; one encrypted with
# systemd-creds and loaded with LoadCredentialEncrypted=), AddHost=, DNS=,
# DNSSearch=, DNSOption=, Sysctl=, GroupAdd=, Mount=type=tmpfs, Timezone=,
# Label=/Annotation= (in swctl inspect), LogOpt=tag=, HttpProxy= (the
# default), Rootfs= and AddHost= on a named network. jq must be on the host.
#
#   Tests/rings/keys-box-check.sh LEADER_PID [IMAGE]
#
# LEADER_PID is the box's PID 1 as seen from the host; IMAGE a busybox root
# filesystem in the box (default /usr/share/swctl/images/busybox). Prints
# `ok - …`/`FAIL - …` per check and `N passed, N failed`.
set -uo pipefail

LEADER=${1:?usage: keys-box-check.sh LEADER_PID [IMAGE]}
IMAGE=${2:-/usr/share/swctl/images/busybox}
# shellcheck source=Tests/rings/box-checks.sh
. "$(dirname "$0")/box-checks.sh"

DEFS=/etc/swctl/containers
SECRETS=/etc/swctl/secrets
NAME=keys$$
SECRET=keysdb$$
TOKEN=keystoken$$
SEALED=keyssealed$$

NAMED=keysnamed$$
NET=keysnet$$
ROOTFS=/var/lib/keysrootfs$$

cleanup() {
    bx systemctl stop "ctr@$NAME" "ctr@$NAMED" >/dev/null 2>&1
    bx rm -rf "$DEFS/$NAME.container" "$DEFS/$NAMED.container" "$DEFS/$NET.network" "$SECRETS/$SECRET" \
        "$SECRETS/$TOKEN" "$SECRETS/$SEALED.cred" "$ROOTFS"
    bx systemctl daemon-reload >/dev/null 2>&1
}
trap cleanup EXIT

bx sh -c "mkdir -p $SECRETS && chmod 700 $SECRETS && umask 077 && printf 'db-s3cret-$$' > $SECRETS/$SECRET && printf 'tok-$$' > $SECRETS/$TOKEN"
run sh -c "printf 'sealed-$$' | systemd-creds encrypt --name=$SEALED - $SECRETS/$SEALED.cred"
check "systemd-creds encrypt --name=$SEALED writes $SECRETS/$SEALED.cred" eval '[ $rc -eq 0 ]'
# A zone the box has: Timezone= checks that it exists.
zone=UTC
bx test -e /usr/share/zoneinfo/UTC || zone=local

bx sh -c "mkdir -p $DEFS && cat > $DEFS/$NAME.container" <<DEF
[Container]
Image=$IMAGE
Secret=$SECRET
Secret=$TOKEN,type=env,target=API_TOKEN
Secret=$SEALED,type=env,target=SEALED
AddHost=db.example;db:10.1.2.3
DNS=192.0.2.53
DNSSearch=example.test
DNSOption=ndots:3
Sysctl=net.ipv4.ip_unprivileged_port_start=333
GroupAdd=44
Mount=type=tmpfs,destination=/scratch,tmpfs-size=1M
Timezone=$zone
Label=tier=front
Annotation=org.example.note=hello
LogOpt=tag=keystag$$
Exec=/bin/sh -c 'cat /run/secrets/$SECRET; echo; echo "token=\$API_TOKEN proxy=\$http_proxy sealed=\$SEALED"; cat /etc/hosts /etc/resolv.conf /proc/sys/net/ipv4/ip_unprivileged_port_start; id -G; grep " /scratch " /proc/mounts; echo keys-ready; exec sleep 300'

[Service]
Environment=http_proxy=http://proxy.test:3128
DEF
run sh -c "systemctl daemon-reload && systemctl start ctr@$NAME"
check "systemctl start ctr@$NAME (Secret=, AddHost=, DNS*=, Sysctl=, GroupAdd=, Mount=, Timezone=$zone, …)" eval '[ $rc -eq 0 ]'

run systemctl cat "ctr@$NAME"
check "Secret= became the unit's LoadCredential= from $SECRETS" has "^LoadCredential=$SECRET:$SECRETS/$SECRET$" "$out"
check "a secret with NAME.cred became LoadCredentialEncrypted=" \
    has "^LoadCredentialEncrypted=$SEALED:$SECRETS/$SEALED.cred$" "$out"

wait_for 15 sh -c "nsenter -t $LEADER -a journalctl SYSLOG_IDENTIFIER=keystag$$ -o cat --no-pager | grep -q keys-ready"
run journalctl "SYSLOG_IDENTIFIER=keystag$$" -o cat --no-pager
log=$out
check "LogOpt=tag=: the container's output is in the journal under SYSLOG_IDENTIFIER=keystag$$" has "keys-ready" "$log"
check "Secret=NAME: the container reads the secret at /run/secrets/NAME" has "^db-s3cret-$$" "$log"
check "Secret=…,type=env,target=API_TOKEN: the container's variable holds the secret" has "token=tok-$$ " "$log"
check "HttpProxy= (default): the unit's http_proxy reaches the container" has "proxy=http://proxy.test:3128" "$log"
check "the encrypted secret reaches the container decrypted" has "sealed=sealed-$$$" "$log"
check "AddHost=: /etc/hosts has 10.1.2.3 db.example db" has "^10\.1\.2\.3[[:space:]]+db\.example db$" "$log"
check "DNS=, DNSSearch=, DNSOption=: resolv.conf has only those" \
    eval 'has "^nameserver 192\.0\.2\.53$" "$log" && has "^search example\.test$" "$log" && has "^options ndots:3$" "$log" && [ "$(grep -c "^nameserver" <<<"$log")" -eq 1 ]'
check "Sysctl=net.ipv4.ip_unprivileged_port_start=333 is set in the container's namespace" has "^333$" "$log"
check "GroupAdd=44: the process has the supplementary group 44" has "^0( [0-9]+)* 44( [0-9]+)*$" "$log"
check "Mount=type=tmpfs,tmpfs-size=1M: /scratch is a 1M tmpfs" has "^tmpfs /scratch tmpfs .*size=1024k" "$log"

run sysctl -n net.ipv4.ip_unprivileged_port_start
check "the box's own ip_unprivileged_port_start is untouched" eval '[ "$out" != 333 ]'

run systemctl show -P Environment "ctr@$NAME"
check "neither secret is in the unit's environment" eval '! has "s3cret|tok-$$" "$out"'
pid=$(bx systemctl show -P MainPID "ctr@$NAME")
token_line="^API_TOKEN=tok-$$\$"
run sh -c "tr '\\0' '\\n' < /proc/$pid/environ"
check "the file secret is not in the container's environment, the env secret is" \
    eval '! has "db-s3cret" "$out" && has "$token_line" "$out"'

reference=/usr/share/zoneinfo/UTC
[ "$zone" = local ] && reference=/etc/localtime
run sh -c "sha256sum < /proc/$pid/root/etc/localtime; sha256sum < $reference"
check "Timezone=$zone: the container's /etc/localtime is $reference" \
    eval '[ "$(sed -n 1p <<<"$out")" = "$(sed -n 2p <<<"$out")" ] && [ -n "$out" ]'

run swctl inspect "$NAME"
annotations=$(jq -c '.[0].annotations | {t: .tier, n: ."org.example.note"}' <<<"$out" 2>&1)
check "Label= and Annotation= are the container's annotations in swctl inspect" \
    eval '[ "$annotations" = "{\"t\":\"front\",\"n\":\"hello\"}" ]'

# ── AddHost= on a named network (kept beside its rewritten hosts file) ──────
# Rootfs= without :O: the container writes into the directory itself.
bx cp -a "$IMAGE" "$ROOTFS"
bx sh -c "cat > $DEFS/$NET.network" <<DEF
[Network]
Subnet=10.91.91.0/24
DEF
bx sh -c "cat > $DEFS/$NAMED.container" <<DEF
[Container]
Rootfs=$ROOTFS
Network=$NET.network
AddHost=cache.example:10.9.8.7
Exec=/bin/sh -c 'echo written-in-place > /in-place; exec sleep 300'
DEF
run sh -c "systemctl daemon-reload && systemctl start ctr@$NAMED"
check "systemctl start ctr@$NAMED (Rootfs=, a named network, AddHost=)" eval '[ $rc -eq 0 ]'
pid=$(bx systemctl show -P MainPID "ctr@$NAMED")
run cat "/proc/$pid/root/etc/hosts"
check "AddHost= on a named network: the hosts file has its own line and 10.9.8.7 cache.example" \
    eval 'has "^10\.91\.91\.[0-9]+[[:space:]]+$NAMED" "$out" && has "^10\.9\.8\.7[[:space:]]+cache\.example$" "$out"'
wait_for 10 sh -c "nsenter -t $LEADER -a test -e $ROOTFS/in-place"
run cat "$ROOTFS/in-place"
check "Rootfs= without :O: the file the container wrote is in the directory" has "^written-in-place$" "$out"

checks_summary
