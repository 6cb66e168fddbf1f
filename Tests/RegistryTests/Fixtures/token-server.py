#!/usr/bin/env python3
"""A token service for the registry's `auth: token:` mode (the distribution
token protocol Docker Hub uses), for the pull tests.

    token-server.py PORT KEY CERT ISSUER USER:PASSWORD [OWNER]

GET /token?service=S&scope=repository:NAME:pull with Basic USER:PASSWORD
answers {"token": JWT, "access_token": JWT}: an RS256 JWT carrying the
certificate in its x5c header (the registry trusts it through its
rootcertbundle) and granting the scope's actions. Without credentials, or
with wrong ones, it answers 401. With OWNER (a PID) it exits once that
process is gone. Needs python3-cryptography.
"""
import base64
import json
import os
import signal
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

# A test runner may spawn with signals blocked: `kill` must still work.
signal.pthread_sigmask(signal.SIG_UNBLOCK, signal.valid_signals())
port, key_path, cert_path, issuer, credentials = sys.argv[1:6]
key = serialization.load_pem_private_key(open(key_path, "rb").read(), None)
cert = x509.load_pem_x509_certificate(open(cert_path, "rb").read())
cert_der = cert.public_bytes(serialization.Encoding.DER)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(service, scopes):
    access = []
    for scope in scopes:
        kind, name, actions = scope.split(":", 2)
        access.append({"type": kind, "name": name, "actions": actions.split(",")})
    now = int(time.time())
    header = {"typ": "JWT", "alg": "RS256", "x5c": [base64.b64encode(cert_der).decode()]}
    claims = {"iss": issuer, "sub": credentials.split(":")[0], "aud": service, "exp": now + 300,
              "nbf": now - 10, "iat": now, "jti": str(uuid.uuid4()), "access": access}
    signing_input = (b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())).encode()
    signature = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    return signing_input.decode() + "." + b64url(signature)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        expected = "Basic " + base64.b64encode(credentials.encode()).decode()
        if url.path != "/token" or self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.end_headers()
            return
        body = json.dumps({"token": token(query.get("service", [""])[0], query.get("scope", [])),
                           "access_token": "unused"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def watch(owner):
    while True:
        try:
            os.kill(owner, 0)
        except OSError:
            os._exit(0)
        time.sleep(1)


if len(sys.argv) > 6:
    threading.Thread(target=watch, args=(int(sys.argv[6]),), daemon=True).start()
HTTPServer(("127.0.0.1", int(port)), Handler).serve_forever()
