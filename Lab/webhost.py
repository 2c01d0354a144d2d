#!/usr/bin/env python3
"""The lab's web host: a "what is my IP" echo on the lab's internet.

    webhost.py --bind 198.51.100.80 [--bind 2001:db8:80::80] [--port 80]

GET /ip answers the caller's address as text, GET / as JSON
{"address": "..."}; anything else is 404. Every request is logged to stderr
as "ADDRESS METHOD PATH STATUS", so a test can also read who came by.
Prints "listening PORT" once it accepts connections.
"""

import argparse
import json
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "vpnlab-webhost/1"

    def do_GET(self):
        address = self.client_address[0]
        path = self.path.split("?", 1)[0]
        if path == "/ip":
            self.answer(200, "text/plain", address + "\n")
        elif path == "/":
            self.answer(200, "application/json", json.dumps({"address": address}) + "\n")
        else:
            self.answer(404, "text/plain", "not found\n")

    def do_HEAD(self):
        self.do_GET()

    def answer(self, code, content_type, text):
        body = text.encode()
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        print(f"{self.client_address[0]} {self.command} {self.path} {code}", file=sys.stderr, flush=True)

    def log_message(self, format, *args):
        pass


def main():
    parser = argparse.ArgumentParser(description="The lab's what-is-my-IP web host.")
    parser.add_argument("--bind", required=True, action="append", help="an address to listen on; repeat for IPv4 and IPv6")
    parser.add_argument("--port", type=int, default=80)
    options = parser.parse_args()
    ThreadingHTTPServer.daemon_threads = True
    servers = []
    for address in options.bind:
        # One server per address: the class decides the family of its socket.
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        server_class = type("Server", (ThreadingHTTPServer,), {"address_family": family})
        servers.append(server_class((address, options.port), Handler))
    # Only once every address accepts: "listening" means all of them.
    print(f"listening {servers[0].server_address[1]}", flush=True)
    for server in servers[1:]:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    servers[0].serve_forever()


if __name__ == "__main__":
    main()
