#!/usr/bin/env python3
"""The lab's provider API: the test fixture (Tests/Fixtures/provider-api/
provider.py) unchanged, plus what a real provider does after POST /devices:
push the device's key and its own OpenVPN and L2TP logins to the VPN
servers its tier may use, and take them back on DELETE.

    provider.py --fixture PATH/provider.py --lab-servers FILE -- FIXTURE-ARGS...

FILE is JSON written by `vpnlab up`:
    {"accounts": "PATH/accounts.json",
     "servers": [{"id": "de-fra-001", "tier": "free", "ipv6": true,
                  "uapi": "/var/run/wireguard/wg-de-fra-001.sock",
                  "openvpn_logins": "PATH/openvpn-logins",
                  "chap_secrets": "PATH/ppp/chap-secrets"}]}

The servers are wireguard-go daemons in other network namespaces; their UAPI
sockets are files, reachable from any namespace. A free device goes to the
free servers, a premium one to all; servers with "ipv6" also route the
device's IPv6 address (ipv6_address) to it. The OpenVPN login becomes a
line "USERNAME PASSWORD" of openvpn_logins (read by Lab/openvpn-verify.sh),
the L2TP login a line of pppd's chap-secrets. DELETE /devices/ID removes
the peer and both lines again.
"""

import argparse
import base64
import importlib.util
import json
import os
import socket
import sys
import threading


def load_fixture(path):
    # The fixture lives in the source tree: leave no __pycache__ beside it.
    sys.dont_write_bytecode = True
    spec = importlib.util.spec_from_file_location("provider_fixture", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def uapi_set(socket_path, lines):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(5)
        connection.connect(socket_path)
        connection.sendall(("set=1\n" + "".join(line + "\n" for line in lines) + "\n").encode())
        reply = b""
        while not reply.endswith(b"\n\n"):
            chunk = connection.recv(4096)
            if not chunk:
                break
            reply += chunk
    if b"errno=0" not in reply:
        raise RuntimeError(f"{socket_path} answered {reply!r}")


def openvpn_line(login):
    return f"{login['username']} {login['password']}"


def chap_line(login):
    # client, server, secret, addresses
    return f"{login['username']} * \"{login['password']}\" *"


FILES_LOCK = threading.Lock()


def edit_lines(path, change):
    """Replaces the file's lines with change(lines), atomically, 0600."""
    with FILES_LOCK:
        with open(path, encoding="utf-8") as file:
            lines = file.read().splitlines()
        temporary = f"{path}.tmp"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write("".join(line + "\n" for line in change(lines)))
        os.replace(temporary, path)


class Servers:
    def __init__(self, path):
        with open(path, encoding="utf-8") as file:
            config = json.load(file)
        self.accounts_file = config["accounts"]
        self.servers = config["servers"]

    def allowed(self, token):
        with open(self.accounts_file, encoding="utf-8") as file:
            tier = json.load(file).get(token, {}).get("tier", "free")
        return [server for server in self.servers if tier == "premium" or server["tier"] == "free"]

    def push(self, token, public_key, address, address6):
        key = base64.b64decode(public_key).hex()
        for server in self.allowed(token):
            allowed = [address] + ([address6] if server.get("ipv6") else [])
            uapi_set(server["uapi"], [f"public_key={key}", "replace_allowed_ips=true"] + [f"allowed_ip={ip}" for ip in allowed])
        print(f"lab: device {public_key} {address} {address6} on {[s['id'] for s in self.allowed(token)]}", file=sys.stderr, flush=True)

    def add_logins(self, token, logins):
        for server in self.allowed(token):
            edit_lines(server["openvpn_logins"], lambda lines: lines + [openvpn_line(logins["openvpn"])])
            edit_lines(server["chap_secrets"], lambda lines: lines + [chap_line(logins["l2tp"])])

    def remove_logins(self, logins):
        for server in self.servers:
            unwanted = {openvpn_line(logins["openvpn"]), chap_line(logins["l2tp"])}
            for path in (server["openvpn_logins"], server["chap_secrets"]):
                edit_lines(path, lambda lines: [line for line in lines if line not in unwanted])

    def remove(self, public_key):
        key = base64.b64decode(public_key).hex()
        for server in self.servers:
            try:
                uapi_set(server["uapi"], [f"public_key={key}", "remove=true"])
            except OSError as error:
                print(f"lab: cannot remove {public_key} from {server['id']}: {error}", file=sys.stderr, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixture", required=True)
    parser.add_argument("--lab-servers", required=True)
    parser.add_argument("fixture_args", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    fixture_args = options.fixture_args[1:] if options.fixture_args[:1] == ["--"] else options.fixture_args

    fixture = load_fixture(options.fixture)
    servers = Servers(options.lab_servers)
    original_add, original_remove = fixture.Devices.add, fixture.Devices.remove

    def add(self, token, limit, public_key, name):
        added = original_add(self, token, limit, public_key, name)
        if added is not None:
            try:
                servers.push(token, public_key, added[1], added[2])
                servers.add_logins(token, added[3])
            except (OSError, RuntimeError) as error:
                # A registration the servers do not know would only fail
                # later, at the handshake: refuse it now instead.
                original_remove(self, token, added[0])
                raise RuntimeError(f"cannot register the device on the lab's servers: {error}") from error
        return added

    def remove(self, token, device_id):
        with self.lock:
            device = self.by_id.get(device_id)
        removed = original_remove(self, token, device_id)
        if removed and device is not None:
            servers.remove(device[1])
            servers.remove_logins(device[5])
        return removed

    fixture.Devices.add, fixture.Devices.remove = add, remove
    sys.argv = [options.fixture] + fixture_args
    fixture.main()


if __name__ == "__main__":
    main()
