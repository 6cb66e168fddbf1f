#!/usr/bin/env python3
"""A plain-HTTP forward proxy for the proxy tests: forwards GET/HEAD
requests with absolute URIs, appends "METHOD URL" to LOG for each, writes
the port it listens on to PORTFILE, and exits when process OWNER does.

    forward-proxy.py LOG OWNER_PID PORTFILE
"""
import http.client
import http.server
import os
import signal
import sys
import threading
import time
import urllib.parse

log_path, owner, port_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
log_lock = threading.Lock()


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def forward(self):
        with log_lock, open(log_path, "a") as log:
            log.write(f"{self.command} {self.path}\n")
        url = urllib.parse.urlsplit(self.path)
        if url.scheme != "http":
            self.send_error(400, "only absolute http:// URLs")
            return
        upstream = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=60)
        target = url.path + ("?" + url.query if url.query else "")
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("proxy-connection", "connection")}
        upstream.request(self.command, target, headers=headers)
        answer = upstream.getresponse()
        body = answer.read()
        self.send_response(answer.status, answer.reason)
        for key, value in answer.getheaders():
            if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        upstream.close()

    do_GET = forward
    do_HEAD = forward


def watch_owner():
    while True:
        try:
            os.kill(owner, 0)
        except OSError:
            os._exit(0)
        time.sleep(0.5)


# Test runners may start us with signals blocked: take SIGTERM back.
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
threading.Thread(target=watch_owner, daemon=True).start()
with open(port_file + ".tmp", "w") as out:
    out.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
