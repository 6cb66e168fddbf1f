// The C API of libnl-route-3 (rtnetlink: links, veth pairs, bridges,
// addresses, routes), reached only through the small typed wrapper in
// Sources/Network. Used by `swctl prepare` and `swctl cleanup`, never by the
// runtime.
#pragma once
#include <netlink/netlink.h>
#include <netlink/errno.h>
#include <netlink/socket.h>
#include <netlink/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/link/bridge.h>
#include <netlink/route/addr.h>
#include <netlink/route/route.h>
#include <netlink/route/nexthop.h>
#include <linux/if.h>
