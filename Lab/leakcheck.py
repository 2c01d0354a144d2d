#!/usr/bin/env python3
"""The lab's leak check: probes sent by the home client, and a capture on
the home router's LAN side that counts which of them went out on the wire.

Run by `vpnlab leakcheck` (see Lab/README.md); every part runs inside a lab
namespace, through `ip netns exec`:

    leakcheck.py capture --interface lan0 --events FILE --summary FILE \\
        --target NAME=ADDRESS... [--tunnel ADDRESS...]          (router)
    leakcheck.py send --target NAME=ADDRESS... [--interval-ms N] (client)
    leakcheck.py sentinel --interface eth0 --nonce TEXT          (client)

A probe set is, for each target, a TCP SYN (port 47000+i), a UDP datagram
(port 47100+i), an ICMP echo (id 0x4c00+i), a DNS query (UDP port 53) and
a TCP SYN to port 53 (DNS over TCP), where i is the target's position; UDP,
ICMP and DNS payloads also carry a marker.
`send` sends one set, or with --interval-ms a set every N ms until SIGTERM.

`capture` reads every frame that arrives on the interface (AF_PACKET, so
before the router's own firewall) and counts the probes it recognises,
packets to a tunnel endpoint (--tunnel: the tunnel, not a leak), other IP
packets and link control (ARP, neighbour discovery, multicast). It prints
"listening" once its socket is bound, writes one line per probe seen to the
events file as it sees it, and "sentinel NONCE" when the frame `sentinel`
injects arrives: that frame takes the same path as the probes after them,
so once it is seen the capture has everything sent before it. The
sentinel is an Ethernet frame written with a packet socket, which no
firewall of the client's (nftables' inet, ip or ip6 families) filters. On
SIGTERM the counts go to the summary file as JSON.
"""

import argparse
import json
import os
import signal
import socket
import struct
import sys
import time

TCP_BASE, UDP_BASE, ICMP_BASE = 47000, 47100, 0x4C00
DNS_PORT = 53
KINDS = ("tcp", "udp", "icmp", "dns", "dnstcp")
MARKER = b"vpnleak-"
SENTINEL_ETHERTYPE = 0x88B5  # IEEE 802 local experimental: nothing else uses it here
SENTINEL_PREFIX = b"vpnleak-sentinel:"
ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
SOL_PACKET, PACKET_STATISTICS = 263, 6
SO_RCVBUFFORCE = 33  # linux/asm-generic/socket.h; Python does not name it


def parse_targets(items):
    targets = []
    for item in items:
        name, _, address = item.partition("=")
        if not name or not address:
            sys.exit(f"leakcheck: --target {item!r} is not NAME=ADDRESS")
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        try:
            packed = socket.inet_pton(family, address)
        except OSError:
            sys.exit(f"leakcheck: --target {item!r}: {address!r} is not an IP address")
        targets.append((name, family, address, packed))
    return targets


def payload(kind, name):
    return MARKER + f"{kind}/{name}".encode()


# --- sending (client) ------------------------------------------------------

def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def dns_query(index, name):
    header = struct.pack("!HHHHHH", 0x4C00 + index, 0x0100, 1, 0, 0, 0)
    labels = [MARKER + name.encode(), b"leakcheck", b"example"]
    question = b"".join(bytes([len(label)]) + label for label in labels) + b"\0" + struct.pack("!HH", 1, 1)
    return header + question


class Sender:
    def __init__(self, targets):
        self.targets = targets
        self.udp = {family: socket.socket(family, socket.SOCK_DGRAM) for family in (socket.AF_INET, socket.AF_INET6)}
        self.icmp = {
            socket.AF_INET: socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP),
            # The kernel fills in ICMPv6 checksums on raw sockets.
            socket.AF_INET6: socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6),
        }
        for sock in list(self.udp.values()) + list(self.icmp.values()):
            sock.setblocking(False)
        self.sequence = 0

    def send_set(self):
        """One probe of each kind to each target. A firewall that drops or
        rejects a probe makes its send fail: that is the point, not an error."""
        self.sequence = (self.sequence + 1) & 0xFFFF
        for index, (name, family, address, _) in enumerate(self.targets):
            self.syn(family, address, TCP_BASE + index)
            self.quietly(self.udp[family].sendto, payload("udp", name), (address, UDP_BASE + index))
            echo_type = 8 if family == socket.AF_INET else 128
            body = payload("icmp", name)
            header = struct.pack("!BBHHH", echo_type, 0, 0, ICMP_BASE + index, self.sequence)
            if family == socket.AF_INET:
                header = struct.pack("!BBHHH", echo_type, 0, checksum(header + body), ICMP_BASE + index, self.sequence)
            self.quietly(self.icmp[family].sendto, header + body, (address, 0))
            self.quietly(self.udp[family].sendto, dns_query(index, name), (address, DNS_PORT))
            self.syn(family, address, DNS_PORT)

    @staticmethod
    def syn(family, address, port):
        tcp = socket.socket(family, socket.SOCK_STREAM)
        tcp.setblocking(False)
        try:
            # A non-blocking connect sends the SYN before it returns;
            # closing then sends nothing more (no RST from SYN_SENT).
            tcp.connect_ex((address, port))
        except OSError:
            pass
        tcp.close()

    @staticmethod
    def quietly(send, *arguments):
        try:
            send(*arguments)
        except OSError:
            pass


class Stop(Exception):
    pass


def raise_stop(signum, frame):
    raise Stop()


def send(options):
    sender = Sender(parse_targets(options.target))
    sets = 0
    signal.signal(signal.SIGTERM, raise_stop)
    signal.signal(signal.SIGINT, raise_stop)
    try:
        if options.interval_ms is None:
            sender.send_set()
            sets = 1
        else:
            print("sending", flush=True)
            interval = options.interval_ms / 1000
            next_time = time.monotonic()
            while True:
                sender.send_set()
                sets += 1
                next_time += interval
                delay = next_time - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                else:
                    next_time = time.monotonic()
    except Stop:
        pass
    print(f"sets {sets}", flush=True)


def sentinel(options):
    with socket.socket(socket.AF_PACKET, socket.SOCK_RAW) as sock:
        sock.bind((options.interface, 0))
        with open(f"/sys/class/net/{options.interface}/address", encoding="ascii") as file:
            source = bytes.fromhex(file.read().strip().replace(":", ""))
        frame = b"\xff" * 6 + source + struct.pack("!H", SENTINEL_ETHERTYPE) + SENTINEL_PREFIX + options.nonce.encode()
        sock.send(frame.ljust(60, b"\0"))


# --- capturing (router) ----------------------------------------------------

class Capture:
    def __init__(self, targets, tunnels, events):
        self.events = events
        self.tunnels = {socket.inet_pton(socket.AF_INET6 if ":" in t else socket.AF_INET, t) for t in tunnels}
        self.names = [f"{kind}/{name}" for name, *_ in targets for kind in KINDS]
        self.counts = dict.fromkeys(self.names, 0)
        self.by_signature = {}
        for index, (name, family, address, packed) in enumerate(targets):
            self.by_signature[("tcp", packed, TCP_BASE + index)] = f"tcp/{name}"
            self.by_signature[("udp", packed, UDP_BASE + index)] = f"udp/{name}"
            self.by_signature[("icmp", packed, ICMP_BASE + index)] = f"icmp/{name}"
            self.by_signature[("dns", packed, DNS_PORT)] = f"dns/{name}"
            self.by_signature[("dnstcp", packed, DNS_PORT)] = f"dnstcp/{name}"
        self.tunnel_packets = 0
        self.other_packets = 0
        self.other_examples = []
        self.control_packets = 0
        self.sentinels = []

    def frame(self, data):
        if len(data) < 14:
            return
        ethertype = struct.unpack_from("!H", data, 12)[0]
        packet = data[14:]
        if ethertype == SENTINEL_ETHERTYPE:
            if packet.startswith(SENTINEL_PREFIX):
                nonce = packet[len(SENTINEL_PREFIX):].rstrip(b"\0").decode("ascii", "replace")
                self.sentinels.append(nonce)
                self.event(f"sentinel {nonce}")
            return
        if ethertype == 0x0800 and len(packet) >= 20:
            header = (packet[0] & 0x0F) * 4
            protocol, source, destination = packet[9], packet[12:16], packet[16:20]
            self.ip(socket.AF_INET, protocol, source, destination, packet[header:])
        elif ethertype == 0x86DD and len(packet) >= 40:
            protocol, source, destination = packet[6], packet[8:24], packet[24:40]
            self.ip(socket.AF_INET6, protocol, source, destination, packet[40:])
        else:
            self.control_packets += 1  # ARP and the like

    def ip(self, family, protocol, source, destination, rest):
        if destination in self.tunnels:
            self.tunnel_packets += 1
            return
        name = self.probe(family, protocol, destination, rest)
        if name is not None:
            self.counts[name] += 1
            self.event(f"probe {name}")
            return
        if family == socket.AF_INET6 and (destination[0] == 0xFF or (protocol == 58 and rest[:1] and 130 <= rest[0] <= 143) or protocol == 0):
            # Neighbour discovery, MLD (behind a hop-by-hop header) and multicast.
            self.control_packets += 1
            return
        if family == socket.AF_INET and (destination[0] >= 224 or destination == b"\xff\xff\xff\xff"):
            self.control_packets += 1
            return
        self.other_packets += 1
        if len(self.other_examples) < 20:
            ports = f":{struct.unpack_from('!H', rest, 2)[0]}" if protocol in (6, 17) and len(rest) >= 4 else ""
            self.other_examples.append(f"proto {protocol} {socket.inet_ntop(family, source)} > {socket.inet_ntop(family, destination)}{ports}")

    def probe(self, family, protocol, destination, rest):
        if protocol == 6 and len(rest) >= 14:
            port, flags = struct.unpack_from("!H", rest, 2)[0], rest[13]
            # The SYN alone: a stray segment of some connection is not a probe.
            if flags & 0x02 and not flags & 0x10:
                return self.by_signature.get(("dnstcp" if port == DNS_PORT else "tcp", destination, port))
        elif protocol == 17 and len(rest) >= 8:
            port = struct.unpack_from("!H", rest, 2)[0]
            if MARKER in rest[8:]:
                return self.by_signature.get(("dns" if port == DNS_PORT else "udp", destination, port))
        elif (protocol, family) in ((1, socket.AF_INET), (58, socket.AF_INET6)) and len(rest) >= 8:
            if rest[0] in (8, 128) and MARKER in rest[8:]:
                return self.by_signature.get(("icmp", destination, struct.unpack_from("!H", rest, 4)[0]))
        return None

    def event(self, text):
        self.events.write(f"{time.time():.6f} {text}\n")
        self.events.flush()

    def summary(self, drops):
        leaked = {name: count for name, count in self.counts.items() if count}
        return {
            "probes": self.counts, "leaked": sum(leaked.values()), "leaked_probes": sorted(leaked),
            "tunnel_packets": self.tunnel_packets, "other_packets": self.other_packets,
            "other_examples": self.other_examples, "control_packets": self.control_packets,
            "sentinels": self.sentinels, "capture_drops": drops,
        }


def capture(options):
    targets = parse_targets(options.target)
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    # A stream of probes plus a tunnel's traffic must not overflow the queue:
    # a dropped frame could be a leak not counted (drops are reported).
    sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 16 * 1024 * 1024)
    sock.bind((options.interface, ETH_P_ALL))
    # Frames queued between socket() and bind() may come from any interface.
    sock.setblocking(False)
    try:
        while True:
            sock.recv(65535)
    except BlockingIOError:
        pass
    sock.setblocking(True)
    signal.signal(signal.SIGTERM, raise_stop)
    signal.signal(signal.SIGINT, raise_stop)
    with open(options.events, "a", encoding="utf-8") as events:
        counter = Capture(targets, options.tunnel or [], events)
        print("listening", flush=True)
        try:
            while True:
                data, address = sock.recvfrom(65535)
                # Only what arrives from the LAN: the router's own replies are no leak.
                if address[2] != PACKET_OUTGOING:
                    counter.frame(data)
        except Stop:
            pass
        packets, drops = struct.unpack("II", sock.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8))
        temporary = options.summary + ".tmp"
        with open(temporary, "w", encoding="utf-8") as file:
            json.dump(counter.summary(drops), file, indent=2, sort_keys=True)
        os.rename(temporary, options.summary)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    capture_parser = commands.add_parser("capture")
    capture_parser.add_argument("--interface", required=True)
    capture_parser.add_argument("--events", required=True)
    capture_parser.add_argument("--summary", required=True)
    capture_parser.add_argument("--target", action="append", required=True)
    capture_parser.add_argument("--tunnel", action="append")
    send_parser = commands.add_parser("send")
    send_parser.add_argument("--target", action="append", required=True)
    send_parser.add_argument("--interval-ms", type=int)
    sentinel_parser = commands.add_parser("sentinel")
    sentinel_parser.add_argument("--interface", required=True)
    sentinel_parser.add_argument("--nonce", required=True)
    options = parser.parse_args()
    if options.command == "send" and options.interval_ms is not None and not 1 <= options.interval_ms <= 60000:
        sys.exit("leakcheck: --interval-ms must be 1 to 60000")
    {"capture": capture, "send": send, "sentinel": sentinel}[options.command](options)


if __name__ == "__main__":
    main()
