#!/usr/bin/env python3
"""The provider API v1 (docs/architecture.md, "Contracts → The provider API")
as a small HTTPS service.

    provider.py --root DIR --cert CERT --key KEY [--bind 127.0.0.1] [--port 0]

A test fixture. It serves DIR/servers.json and DIR/servers.json.sig as they
are (ETag, If-None-Match, gzip), answers GET /account from DIR/accounts.json
({"TOKEN": {"tier": "premium", "max_devices": 10}}), and keeps the devices
registered with POST /devices in memory, each with logins of its own for
OpenVPN and L2TP (never the account token), revoked with the device. Knobs for the failures a client must
handle:

    /_test/status/CODE       that status, with a short text body
    /_test/echo-auth/CODE    that status, repeating the Authorization header
    /_test/slow/SECONDS      headers at once, the body SECONDS later
    /_test/big/BYTES         that many bytes (?chunked=1: no Content-Length)
    /_test/redirect?to=URL   302 to URL (without ?to, to itself: a loop)

When it accepts connections it prints exactly one line, "listening PORT", to
stdout. With --exit-with-parent it exits when its stdin closes or its parent
dies, so a test runner that crashes cannot leave it behind.
"""

import argparse
import base64
import gzip
import hashlib
import ipaddress
import json
import os
import re
import secrets
import select
import ssl
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEVICE_NETWORK = ipaddress.ip_network("198.19.0.0/16")
# The provider's IPv6 inside tunnels; a device gets the same host number in both.
DEVICE_NETWORK6 = ipaddress.ip_network("2001:db8:100::/64")
MAX_REQUEST_BODY = 64 * 1024


class Devices:
    """Registered devices, per account token."""

    def __init__(self):
        self.lock = threading.Lock()
        self.by_id = {}  # id -> (token, public_key, name, address, address6, logins)
        self.next_host = 2  # .0.0 is the network, .0.1 the gateway

    def used(self, token):
        with self.lock:
            return sum(1 for device in self.by_id.values() if device[0] == token)

    def add(self, token, limit, public_key, name):
        """The new device's (id, address, address6, logins), or None when the account is full.

        logins: {"openvpn": {"username", "password"}, "l2tp": {...}}, the
        device's own, one for each family so that one leaked (L2TP's, say,
        sent without IPsec) opens nothing else.
        """
        with self.lock:
            if sum(1 for device in self.by_id.values() if device[0] == token) >= limit:
                return None
            address = f"{DEVICE_NETWORK[self.next_host]}/32"
            address6 = f"{DEVICE_NETWORK6[self.next_host]}/128"
            self.next_host += 1
            device_id = uuid.uuid4().hex[:16]
            logins = {family: {"username": f"{family}-{device_id}", "password": secrets.token_urlsafe(24)}
                      for family in ("openvpn", "l2tp")}
            self.by_id[device_id] = (token, public_key, name, address, address6, logins)
            return device_id, address, address6, logins

    def remove(self, token, device_id):
        with self.lock:
            device = self.by_id.get(device_id)
            if device is None or device[0] != token:
                return False
            del self.by_id[device_id]
            return True


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "vpnctl-test-provider/1"

    # --- routing ---------------------------------------------------------

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path in ("/servers.json", "/servers.json.sig"):
            return self.serve_file(path[1:])
        if path == "/account":
            return self.account()
        if path == "/_test/redirect":
            return self.test_redirect()
        match = re.fullmatch(r"/_test/(status|echo-auth|slow|big)/(\d+)", path)
        if match:
            return getattr(self, "test_" + match[1].replace("-", "_"))(int(match[2]))
        self.send_json(404, {"error": f"no such resource: {path}"})

    def do_POST(self):
        if self.path == "/devices":
            return self.add_device()
        self.discard_body()
        self.send_json(404, {"error": f"no such resource: {self.path}"})

    def do_DELETE(self):
        match = re.fullmatch(r"/devices/([0-9A-Za-z_-]+)", self.path)
        if not match:
            return self.send_json(404, {"error": f"no such resource: {self.path}"})
        token = self.authorized_token()
        if token is None:
            return
        if self.server.devices.remove(token, match[1]):
            self.send_empty(204)
        else:
            self.send_json(404, {"error": "no such device"})

    # --- Provider API v1 ---------------------------------------------------

    def serve_file(self, name):
        try:
            with open(os.path.join(self.server.root, name), "rb") as file:
                data = file.read()
        except FileNotFoundError:
            return self.send_json(404, {"error": f"{name} is not published"})
        # A strong ETag names one representation, so the gzip one has its own.
        etag = hashlib.sha256(data).hexdigest()[:32]
        headers = {"Content-Type": "application/json" if name.endswith(".json") else "text/plain",
                   "Vary": "Accept-Encoding", "Cache-Control": "no-cache"}
        if self.accepts_gzip():
            data = gzip.compress(data, mtime=0)
            etag += "-gzip"
            headers["Content-Encoding"] = "gzip"
        headers["ETag"] = f'"{etag}"'
        if self.none_match(headers["ETag"]):
            return self.send_empty(304, headers)
        self.send_bytes(200, data, headers)

    def account(self):
        token = self.authorized_token()
        if token is None:
            return
        account = self.server.accounts()[token]
        self.send_json(200, {"tier": account["tier"],
                             "devices": {"max": account["max_devices"],
                                         "used": self.server.devices.used(token)}})

    def add_device(self):
        body = self.read_body()
        if body is None:
            return
        token = self.authorized_token()
        if token is None:
            return
        try:
            request = json.loads(body)
            public_key, name = request["public_key"], request["name"]
            if not (isinstance(name, str) and name and len(base64.b64decode(public_key, validate=True)) == 32):
                raise ValueError
        except (ValueError, KeyError, TypeError):
            return self.send_json(400, {"error": 'expected {"public_key": "base64 of 32 bytes", "name": "..."}'})
        limit = self.server.accounts()[token]["max_devices"]
        added = self.server.devices.add(token, limit, public_key, name)
        if added is None:
            return self.send_json(403, {"error": f"the account's limit of {limit} devices is reached"})
        device_id, address, address6, logins = added
        self.send_json(201, {"id": device_id, "ipv4_address": address, "ipv6_address": address6, **logins},
                       {"Location": f"/devices/{device_id}"})

    def authorized_token(self):
        """The request's known bearer token; None after answering 401."""
        match = re.fullmatch(r"Bearer ([!-~]+)", self.headers.get("Authorization", ""))
        if match and match[1] in self.server.accounts():
            return match[1]
        self.send_json(401, {"error": "missing or unknown account token"},
                       {"WWW-Authenticate": 'Bearer realm="vpnctl"'})
        return None

    # --- test knobs --------------------------------------------------------

    def test_status(self, code):
        if code < 200 or code in (204, 304):
            return self.send_empty(code)
        self.send_bytes(code, f"test status {code}\n".encode(), {"Content-Type": "text/plain"})

    def test_echo_auth(self, code):
        """A careless server that repeats the Authorization header it got."""
        text = f"authorization: {self.headers.get('Authorization', '(none)')}\n"
        self.send_bytes(code, text.encode(), {"Content-Type": "text/plain"})

    def test_redirect(self):
        """302 to ?to=URL; without it, to itself, endlessly."""
        target = urllib.parse.parse_qs(self.path.partition("?")[2]).get("to", ["/_test/redirect"])[0]
        self.send_bytes(302, b"", {"Location": target})

    def test_slow(self, seconds):
        body = b"finally\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.flush()
        time.sleep(seconds)
        self.wfile.write(body)

    def test_big(self, size):
        """SIZE bytes; ?chunked=1 leaves the length unannounced."""
        chunked = "chunked=1" in self.path.partition("?")[2].split("&")
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        block = b"x" * 65536
        while size > 0:
            piece = block[:min(size, len(block))]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            size -= len(piece)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    # --- plumbing ----------------------------------------------------------

    def accepts_gzip(self):
        for coding in self.headers.get("Accept-Encoding", "").split(","):
            name, _, params = coding.strip().partition(";")
            if name.strip().lower() in ("gzip", "x-gzip"):
                return params.replace(" ", "").lower() not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
        return False

    def none_match(self, etag):
        header = self.headers.get("If-None-Match")
        if header is None:
            return False
        tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
        return "*" in tags or etag in tags

    def read_body(self):
        """The request body; None after answering 400 or 413."""
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self.send_json(400, {"error": "a Content-Length is required"})
            return None
        if not 0 <= length <= MAX_REQUEST_BODY:
            self.close_connection = True
            self.send_json(413, {"error": "request body too large"})
            return None
        return self.rfile.read(length)

    def discard_body(self):
        length = self.headers.get("Content-Length", "0")
        if length.isdigit() and int(length) <= MAX_REQUEST_BODY:
            self.rfile.read(int(length))
        else:
            self.close_connection = True

    def send_json(self, code, value, headers=None):
        body = (json.dumps(value) + "\n").encode()
        self.send_bytes(code, body, {"Content-Type": "application/json", **(headers or {})})

    def send_bytes(self, code, body, headers):
        self.send_response(code)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_empty(self, code, headers=None):
        self.send_response(code)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if code not in (204, 304) and code >= 200:
            self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        if self.server.verbose:
            super().log_message(format, *args)


class ProviderServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, root, context, verbose):
        super().__init__(address, Handler)
        self.root = root
        self.verbose = verbose
        self.devices = Devices()
        # The handshake runs in the request's thread, not in accept(), so one
        # stalled client cannot hold up the others.
        self.socket = context.wrap_socket(self.socket, server_side=True,
                                          do_handshake_on_connect=False)

    def accounts(self):
        try:
            with open(os.path.join(self.root, "accounts.json"), encoding="utf-8") as file:
                return json.load(file)
        except FileNotFoundError:
            return {}

    def handle_error(self, request, client_address):
        # Clients that hang up or refuse the certificate are part of the tests.
        if not isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError, TimeoutError)):
            super().handle_error(request, client_address)


def exit_with_parent(parent):
    # End of file on stdin is the quick signal. The parent check covers a
    # stdin pipe whose write end leaked into another child of the parent.
    while os.getppid() == parent:
        readable, _, _ = select.select([sys.stdin], [], [], 0.5)
        if readable and not os.read(sys.stdin.fileno(), 4096):
            break
    os._exit(0)


def main():
    parser = argparse.ArgumentParser(description="Provider API v1 test fixture (HTTPS).")
    parser.add_argument("--root", required=True, help="directory with servers.json, servers.json.sig, accounts.json")
    parser.add_argument("--cert", required=True, help="server certificate chain (PEM)")
    parser.add_argument("--key", required=True, help="server private key (PEM)")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--exit-with-parent", action="store_true",
                        help="exit when stdin reaches end of file or the parent process is gone")
    parser.add_argument("--verbose", action="store_true", help="log requests to stderr")
    options = parser.parse_args()

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(options.cert, options.key)
    server = ProviderServer((options.bind, options.port), options.root, context, options.verbose)

    if options.exit_with_parent:
        threading.Thread(target=exit_with_parent, args=(os.getppid(),), daemon=True).start()

    print(f"listening {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
