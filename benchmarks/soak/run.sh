#!/usr/bin/env bash
# Soak (issue 10): CYCLES rounds, in the lab, of: connect to a random
# location; at a random moment (0-1.5 s after the connect was asked, so
# while preparing, connecting or connected) kill -9 the plugin or the
# daemon; connect again; disconnect. A leak capture on the router's LAN side
# runs from the moment each connect is asked until its disconnect is asked
# (`vpnlab leakcheck`, a probe set every 20 ms); after each disconnect the
# client's network (links, addresses, routes, rules, nftables, sysctl, vpnctl
# processes and files) is compared with the snapshot from before. Prints
# cycles, leaked packets (must be 0) and residue found (must be none).
# Not in CI's time budget. Run as root from the repository.
#
#   bash benchmarks/soak/run.sh [CYCLES] [SEED]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cycles=${1:-100}
seed=${2:-$RANDOM}
bench_on_exit() { vpnlab leakcheck stop; }
bench_lab soak
config=$(vpnlab status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["accounts"]["free"]["config"])')

python3 - "$cycles" "$seed" "$config" <<'PY'
import json, os, random, signal, subprocess, sys, time
from benchmarks.figures import figure
cycles, seed, config = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(seed)
LAN = {f"{kind}/router{family}" for kind in ("tcp", "udp", "icmp") for family in (4, 6)}

def run(*command, check=True):
    return subprocess.run(command, check=check, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

def client(*command, check=False):
    return run("vpnlab", "exec", "client", "--", *command, check=check)

CLIENT_NAMESPACE = os.stat("/run/netns/vpnlab-client").st_ino

def processes(match):
    """Processes of the lab's home client only: other tests' plugins on this
    machine are neither killed nor counted."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            if os.stat(f"/proc/{name}/ns/net").st_ino != CLIENT_NAMESPACE:
                continue
            with open(f"/proc/{name}/cmdline", "rb") as f:
                command = f.read().replace(b"\0", b" ").decode(errors="replace")
            with open(f"/proc/{name}/stat") as f:
                if ") Z " in f.read():
                    continue
        except OSError:
            continue
        if match(command):
            found.append(int(name))
    return found

def snapshot():
    parts = [client(*c).stdout for c in (
        ["ip", "-j", "link", "show"], ["ip", "-j", "address", "show"], ["ip", "-j", "route", "show", "table", "all"],
        ["ip", "-j", "-6", "route", "show", "table", "all"], ["ip", "-j", "rule", "show"], ["ip", "-j", "-6", "rule", "show"],
        ["nft", "list", "ruleset"], ["cat", "/proc/sys/net/ipv4/conf/all/src_valid_mark"], ["cat", "/etc/resolv.conf"])]
    parts.append(sorted(p for p in processes(lambda c: "vpnctl-plugin" in c or "wireguard-go -f vpnctl" in c or "/run/vpnctl-openvpn/" in c)))
    parts.append(sorted(n for n in os.listdir("/run") if n.startswith("vpnctl-")))
    return parts

def await_condition(what, condition, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"soak: gave up waiting for {what}")

def blocking():
    return client("nft", "list", "table", "inet", "vpnctl").returncode == 0

client("vpnctl", "plugins")
before = snapshot()
leaked_total, residue, kills = 0, [], {"plugin": 0, "daemon": 0}
started = time.monotonic()
for cycle in range(1, cycles + 1):
    location = rng.choice(["de-fra", "nl-ams"])
    victim = rng.choice(["plugin", "daemon"])
    delay = rng.uniform(0, 1.5)
    connect = subprocess.Popen(["vpnlab", "exec", "client", "--", "vpnctl", "connect", location],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    asked = time.monotonic()
    await_condition("the block after connect was asked", blocking)
    run("vpnlab", "leakcheck", "start", "--interval-ms", "20")
    time.sleep(max(0.0, delay - (time.monotonic() - asked)))  # the random moment itself, not a wait for a condition
    if victim == "plugin":
        # Still preparing (list, probe): the plugin comes once an attempt starts.
        deadline = time.monotonic() + 15
        while not (targets := processes(lambda c: "vpnctl-plugin-" in c)) and connect.poll() is None and time.monotonic() < deadline:
            pass
    else:
        targets = processes(lambda c: "vpnctld" in c and config in c)
    for pid in targets:
        os.kill(pid, signal.SIGKILL)
    kills[victim] += 1 if targets else 0
    connect.wait()
    again = client("vpnctl", "connect", location)
    report = json.loads(run("vpnlab", "leakcheck", "stop", "--json").stdout)
    leaks = [name for name, count in report["probes"].items() if count and name not in LAN]
    leaked = sum(report["probes"][name] for name in leaks)
    leaked_total += leaked
    client("vpnctl", "disconnect")
    after = snapshot()
    if after != before:
        residue.append((cycle, [i for i, (a, b) in enumerate(zip(before, after)) if a != b]))
        before = after  # count each new leftover once
    status = "ok" if leaked == 0 and (not residue or residue[-1][0] != cycle) else "FAIL"
    print(f"cycle {cycle:3d}: {location} kill -9 {victim} after {delay:.2f} s ({len(targets)} processes); "
          f"reconnect {'ok' if again.returncode == 0 else 'failed: ' + again.stderr.strip()[:80]}; "
          f"leaked {leaked} {leaks}; sets {report['sets_sent']}; {status}", flush=True)

print(f"soak: {cycles} cycles in {time.monotonic() - started:.0f} s (seed {seed}); plugin kills {kills['plugin']}, daemon kills {kills['daemon']}")
print(f"soak: leaked packets {leaked_total} (must be 0)")
print(f"soak: residue {'none' if not residue else residue} (must be none)")
figure("soak_leaked_packets", leaked_total, None, "=0")
figure("soak_residue_cycles", "none" if not residue else len(residue), None, "none")
sys.exit(0 if leaked_total == 0 and not residue else 1)
PY
