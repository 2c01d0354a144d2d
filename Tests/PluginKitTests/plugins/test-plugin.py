#!/usr/bin/env python3
"""A plugin for the host's tests, written without PluginKit to show that the
contract (docs/plugin-contract.md) is all a plugin needs. What it does is
chosen by the name it runs under: good, crash, hang, garbage, old-contract,
helper (starts a long-lived helper, as a plugin starts wireguard-go, and
names its pid in initialize's notes), stubborn (a helper, and SIGTERM
ignored, by the plugin and so by its helper)."""
import json
import os
import signal
import subprocess
import sys

mode = os.path.basename(sys.argv[0])
helper = None
if mode == "stubborn":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
if mode in ("helper", "stubborn"):
    # In the plugin's own process group, as every helper of a plugin is.
    helper = subprocess.Popen(["/bin/sleep", "300"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, close_fds=True)


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def notify(method, params):
    send({"jsonrpc": "2.0", "method": method, "params": params})


def answer(request, result):
    send({"jsonrpc": "2.0", "id": request["id"], "result": result})


state = {"state": "disconnected", "addresses": []}
for line in sys.stdin:
    request = json.loads(line)
    method = request["method"]
    if mode == "hang":
        continue
    if method == "initialize":
        if mode == "garbage":
            sys.stdout.write("hello, I am not JSON\n")
            sys.stdout.flush()
            continue
        version = 99 if mode == "old-contract" else request["params"]["contract_version"]
        notes = [f"argv={len(sys.argv)}", "env=" + ",".join(sorted(os.environ))]
        if helper:
            notes.append(f"helper={helper.pid}")
        answer(request, {"contract_version": version, "name": mode, "protocols": ["test-udp"], "usable": True,
                         "notes": notes})
    elif method == "connect":
        if mode == "crash":
            sys.stderr.write("fatal: cannot open /dev/ppp\n")
            sys.stderr.flush()
            sys.exit(3)
        params = request["params"]
        notify("state", {"state": "connecting", "addresses": []})
        notify("log", {"level": "info", "message": "key " + ("received" if params["credentials"].get("private_key") else "missing")})
        state = {"state": "connected", "interface": "tun-test", "addresses": ["198.19.0.7/32"],
                 "reason": "connected to " + params["server"]["address"]}
        notify("state", state)
        answer(request, state)
    elif method == "status":
        answer(request, dict(state, stats={"rx_bytes": 1200, "tx_bytes": 800}))
    elif method == "disconnect":
        state = {"state": "disconnected", "addresses": []}
        answer(request, state)
    else:
        send({"jsonrpc": "2.0", "id": request["id"], "error": {"code": -32601, "message": "unknown method"}})
