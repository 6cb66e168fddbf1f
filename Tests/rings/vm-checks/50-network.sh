#!/bin/bash
# Container networking on a real kernel with AppArmor on: a bridge container
# (the default network) serving HTTP through a published port, reached (nc) from
# the VM itself on 127.0.0.1 and on the bridge's gateway address; after the
# stop no veth, map element, lease or namespace mount is left.
# lib.sh sets $out and $rc (SC2154).
# shellcheck disable=SC2154 source=Tests/rings/vm-checks/lib.sh
. ./lib.sh

mkdir -p /etc/swctl/containers
cat >/etc/swctl/containers/vmweb.container <<DEF
[Container]
Image=$ROOTFS
Exec=/bin/sh -c 'mkdir -p /www && echo vm-web > /www/index.html && exec httpd -f -p 80 -h /www'
PublishPort=8080:80
DEF
systemctl daemon-reload
out=$(systemctl start ctr@vmweb 2>&1)
rc=$?
if [ "$rc" = 0 ] && [ "$(systemctl is-active ctr@vmweb)" = active ]; then
    ok "systemctl start ctr@vmweb (bridge, PublishPort=8080:80): active"
else
    fail "systemctl start ctr@vmweb (bridge, PublishPort=8080:80): active" "start rc=$rc: $out" \
        "$(systemctl status --no-pager -n 20 ctr@vmweb 2>&1)" "$(journalctl -b -t swctl --no-pager -n 10 2>&1)"
fi
for target in 127.0.0.1:8080 10.88.0.1:8080; do
    out=""
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        # busybox-static's wget crashes in this minimal system; nc does not.
        out=$(printf 'GET / HTTP/1.0\r\n\r\n' | busybox nc -w 3 "${target%:*}" "${target#*:}" 2>&1)
        rc=$?
        [ "$(echo "$out" | tail -n 1)" = vm-web ] && break
        sleep 0.5
    done
    if [ "$(echo "$out" | tail -n 1)" = vm-web ]; then
        ok "HTTP GET http://$target/ (busybox nc) reaches the container through the published port"
    else
        fail "HTTP GET http://$target/ (busybox nc) reaches the container through the published port" "rc=$rc: $out" \
            "$(ip -br addr 2>&1)" "$(nsenter --net=/run/swctl/netns/vmweb ip -br addr 2>&1)" \
            "$(printf 'GET / HTTP/1.0\r\n\r\n' | busybox nc -w 3 10.88.0.2 80 2>&1)" \
            "$(journalctl -u ctr@vmweb --no-pager -n 5 -o cat 2>&1)" "$(sysctl net.ipv4.ip_forward 2>&1)"
    fi
done
systemctl stop ctr@vmweb
left=$(
    ip -o link show master swctl0 2>&1
    nft list map ip swctl published 2>&1 | grep elements
    cat /run/swctl/network/leases 2>/dev/null
    grep ' /run/swctl/netns/' /proc/self/mountinfo
)
if [ -z "$left" ]; then
    ok "after the stop: no veth on swctl0, no map element, no lease, no namespace mount"
else
    fail "after the stop: no veth on swctl0, no map element, no lease, no namespace mount" "$left"
fi
rm -f /etc/swctl/containers/vmweb.container
systemctl daemon-reload
exit 0
