#!/usr/bin/env python3
"""Writes a realistic schema-1 server list: 20,000 servers in 120 countries
(about 7 MB), addresses from the benchmarking range 198.18.0.0/15 only."""
import base64
import json
import random
import sys

CA = open(sys.argv[2]).read() if len(sys.argv) > 2 else None
rng = random.Random(7)

letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
countries = []
while len(countries) < 120:
    code = rng.choice(letters) + rng.choice(letters)
    if code not in [c for c, _ in countries]:
        countries.append((code, "Country " + code))
countries[0] = ("DE", "Germany")

locations = []
for code, name in countries:
    for city_index in range(rng.randint(1, 4)):
        city = f"City {code}{city_index}" if (code, city_index) != ("DE", 0) else "Frankfurt"
        locations.append({
            "id": f"{code.lower()}-c{city_index:02d}",
            "country_code": code, "country": name, "city": city,
            "aliases": [f"{code.lower()}{city_index}"],
            "latitude": round(rng.uniform(-60, 70), 2), "longitude": round(rng.uniform(-170, 170), 2),
        })

servers = []
for index in range(20_000):
    location = locations[index % len(locations)]
    address = 0xC6120000 + index + 1  # 198.18.0.0/15
    server = {
        "id": f"{location['id']}-{index:05d}",
        "location": location["id"],
        "hostname": f"{location['id']}-{index:05d}.vpn.example.net",
        "ipv4": ".".join(str(address >> shift & 0xFF) for shift in (24, 16, 8, 0)),
        "ipv6": f"2001:db8:{index >> 8:x}::{index & 0xFF:x}",
        "tier": "free" if index % 5 == 0 else "premium",
        "load": rng.randint(0, 100),
        "online": rng.random() > 0.03,
        "features": ["p2p"] if index % 3 == 0 else [],
        "probe_port": 3478,
        "wireguard": {"public_key": base64.b64encode(rng.randbytes(32)).decode(), "port": 51820},
    }
    if CA and index % 20 == 0:
        server["openvpn"] = {"udp_ports": [1194], "tcp_ports": [443], "ca": CA}
    if index % 3 == 0:
        server["l2tp"] = {"ipsec_psk": base64.b64encode(rng.randbytes(18)).decode()}
    servers.append(server)

document = {"schema": 1, "generated_at": "2026-11-25T00:00:00Z", "locations": locations, "servers": servers}
with open(sys.argv[1], "w") as output:
    json.dump(document, output, ensure_ascii=False)
