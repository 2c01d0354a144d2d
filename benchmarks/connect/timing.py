"""Runs inside the lab's client namespace (through `vpnlab exec client`), so
that neither side pays for the lab's exec wrapper: times RUNS rounds of UP,
then an ICMP echo to the web host answered through the tunnel, then DOWN.
Prints the samples in milliseconds as JSON."""
import json, os, socket, struct, subprocess, sys, time

WEB_HOST = "198.51.100.80"

def checksum(data):
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    total = (total >> 16) + (total & 0xFFFF)
    return ~(total + (total >> 16)) & 0xFFFF

def echo(sequence, device=None, timeout=1.0):
    """One ICMP echo from this process: no ping process to start. With a
    device, the echo may leave only through it (SO_BINDTODEVICE): a tunnel
    still coming up must not be timed by an answer that went around it."""
    identifier = os.getpid() & 0xFFFF
    header = struct.pack("!BBHHH", 8, 0, 0, identifier, sequence)
    payload = b"vpnctl-bench"
    packet = struct.pack("!BBHHH", 8, 0, checksum(header + payload), identifier, sequence) + payload
    with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) as sock:
        sock.settimeout(timeout)
        if device:
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, device.encode())
                sock.sendto(packet, (WEB_HOST, 0))
            except OSError:
                # The tunnel's interface is not there yet.
                time.sleep(0.001)
                return False
        else:
            try:
                sock.sendto(packet, (WEB_HOST, 0))
            except OSError:
                # Refused by the kill switch: no tunnel yet.
                time.sleep(0.001)
                return False
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            try:
                reply, (source, _) = sock.recvfrom(2048)
            except socket.timeout:
                return False
            offset = (reply[0] & 0x0F) * 4
            kind, _, _, rid, rseq = struct.unpack("!BBHHH", reply[offset:offset + 8])
            if source == WEB_HOST and kind == 0 and rid == identifier and rseq == sequence:
                return True
    return False

def main():
    device = None
    if sys.argv[1].startswith("--device="):
        device = sys.argv.pop(1).split("=", 1)[1]
    runs = int(sys.argv[1])
    separator = sys.argv.index("--")
    up, down = sys.argv[2:separator], sys.argv[separator + 1:]
    samples = []
    for run in range(runs):
        start = time.perf_counter()
        subprocess.run(up, check=True, stdout=subprocess.DEVNULL)
        sequence = 0
        while not echo(sequence := sequence + 1, device):
            pass
        samples.append((time.perf_counter() - start) * 1000)
        subprocess.run(down, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(json.dumps(samples))

main()
