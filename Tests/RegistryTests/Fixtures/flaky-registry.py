#!/usr/bin/env python3
"""A read-only registry over an OCI layout whose connections break: the
first whole-blob GET of every blob over 64 KiB sends the full
Content-Length but only half the bytes, then closes. A client that resumes
with `Range: bytes=N-` gets the rest (206). For the resume tests.

    flaky-registry.py PORT LAYOUT LOG OWNER

PORT 0 takes a free port and writes it to LOG.port. Appends
`GET <digest> <range or ->` per blob request to LOG. Exits once process
OWNER is gone.
"""
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

signal.pthread_sigmask(signal.SIG_UNBLOCK, signal.valid_signals())
port, layout, log_path, owner = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
broken = set()
lock = threading.Lock()


def blob_path(digest):
    return os.path.join(layout, "blobs", "sha256", digest.split(":", 1)[1])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        parts = self.path.split("/")
        if self.path == "/v2/":
            return self.answer(200, b"{}", [("Content-Type", "application/json")])
        if len(parts) >= 5 and parts[-2] == "manifests":
            reference = parts[-1]
            if not reference.startswith("sha256:"):
                index = json.load(open(os.path.join(layout, "index.json")))
                found = [m for m in index["manifests"]
                         if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == reference]
                if not found:
                    return self.answer(404, b'{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}')
                reference = found[0]["digest"]
            data = open(blob_path(reference), "rb").read()
            media = json.loads(data).get("mediaType", "application/vnd.oci.image.manifest.v1+json")
            return self.answer(200, data, [("Content-Type", media), ("Docker-Content-Digest", reference)])
        if len(parts) >= 5 and parts[-2] == "blobs":
            digest = parts[-1]
            data = open(blob_path(digest), "rb").read()
            requested = self.headers.get("Range")
            with open(log_path, "a") as log:
                log.write(f"GET {digest} {requested or '-'}\n")
            if requested:
                start = int(requested.split("=", 1)[1].rstrip("-"))
                body = data[start:]
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            with lock:
                breaks = len(data) > 65536 and digest not in broken
                broken.add(digest)
            if breaks:
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            return self.answer(200, data)
        self.answer(404)

    def log_message(self, *args):
        pass


def watch():
    while True:
        try:
            os.kill(owner, 0)
        except OSError:
            os._exit(0)
        time.sleep(1)


threading.Thread(target=watch, daemon=True).start()
server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
with open(log_path + ".port.tmp", "w") as out:
    out.write(str(server.server_address[1]))
os.rename(log_path + ".port.tmp", log_path + ".port")
server.serve_forever()
