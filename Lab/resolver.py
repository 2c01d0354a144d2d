#!/usr/bin/env python3
"""The resolver inside the lab's tunnels (the server list's `dns`): on UDP 53
in a server's namespace, answers A and AAAA for web.vpnlab.example.net with
the web host's addresses, NXDOMAIN for any other name. Enough for tests to
see that names resolve through the tunnel and nowhere else. Prints
"listening 53" once bound."""
import argparse
import socket
import struct

NAME = b"\x03web\x06vpnlab\x07example\x03net\x00"


def answer(query, ipv4, ipv6):
    if len(query) < 12:
        return None
    identifier, flags, questions = struct.unpack("!HHH", query[:6])
    if flags & 0x8000 or questions != 1:
        return None
    end = query.find(b"\x00", 12)
    if end < 0 or end + 5 > len(query):
        return None
    name, (qtype, qclass) = query[12:end + 1], struct.unpack("!HH", query[end + 1:end + 5])
    question = query[12:end + 5]
    records = []
    if name.lower() == NAME and qclass == 1:
        if qtype == 1:
            records.append(struct.pack("!HHHIH", 0xC00C, 1, 1, 60, 4) + socket.inet_pton(socket.AF_INET, ipv4))
        elif qtype == 28:
            records.append(struct.pack("!HHHIH", 0xC00C, 28, 1, 60, 16) + socket.inet_pton(socket.AF_INET6, ipv6))
        code = 0
    else:
        code = 3
    header = struct.pack("!HHHHHH", identifier, 0x8180 | code, 1, len(records), 0, 0)
    return header + question + b"".join(records)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ipv4", required=True)
    parser.add_argument("--ipv6", required=True)
    arguments = parser.parse_args()
    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    server.bind(("0.0.0.0", 53))
    print("listening 53", flush=True)
    while True:
        query, peer = server.recvfrom(512)
        reply = answer(query, arguments.ipv4, arguments.ipv6)
        if reply:
            server.sendto(reply, peer)


if __name__ == "__main__":
    main()
