#!/usr/bin/env python3
"""The reference `vpnctl servers <country> --json`: json.load the list, keep
the country's servers, pick the least loaded near-best one, print JSON."""
import json
import random
import sys

path, country = sys.argv[1], sys.argv[2].upper()
with open(path, "rb") as source:
    document = json.load(source)
locations = {location["id"]: location for location in document["locations"]}
servers = [s for s in document["servers"] if locations[s["location"]]["country_code"] == country]
servers.sort(key=lambda s: (locations[s["location"]]["city"], s["load"], s["id"]))
online = [s for s in servers if s["online"]]
best = min(s["load"] for s in online)
pick = random.Random(1).choice([s for s in online if s["load"] <= best + 10])
protocols = {"wireguard": ["wireguard"], "openvpn": ["openvpn-udp", "openvpn-tcp"], "l2tp": ["l2tp-ipsec"]}
print(json.dumps([{
    "id": s["id"], "location": s["location"], "hostname": s["hostname"], "tier": s["tier"],
    "load": s["load"], "online": s["online"],
    "protocols": [name for block, names in protocols.items() if block in s for name in names],
} for s in servers], indent=2, sort_keys=True))
print(pick["id"], file=sys.stderr)
