#!/usr/bin/env bash
# Benchmark (issue 4): in the lab, the time from starting `vpnctl connect
# de-fra` to the first ping answered through the tunnel, against `wg-quick up`
# with the same key, server and routes (both on wireguard-go here), side by
# side, RUNS times each; then iperf3 throughput (10 s) through each tunnel.
# Measures; asserts nothing. Run as root from the repository.
#
#   bash benchmarks/connect/run.sh [RUNS]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
runs=${1:-15}
command -v iperf3 >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iperf3 >/dev/null
bench_lab connect

# One connect registers this client's device; wg-quick then uses that same
# key, address and server.
vpnlab exec client -- vpnctl connect de-fra >/dev/null
vpnlab exec client -- vpnctl disconnect >/dev/null
state=$(vpnlab status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["accounts"]["free"]["config"].rsplit("/",1)[0])')/state
server_key=$(vpnlab status --json | python3 -c '
import json,sys
status = json.load(sys.stdin)
print(next(s["wireguard"]["public_key"] for l in status["locations"] for s in l["servers"] if s["id"] == "de-fra-001"))')
address=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["registration"]["ipv4Address"])' "$state/device.json")
umask 077
cat > "$work/wgq.conf" <<CONF
[Interface]
PrivateKey = $(cat "$state/device.key")
Address = $address

[Peer]
PublicKey = $server_key
Endpoint = 203.0.113.11:51820
AllowedIPs = 0.0.0.0/0
PersistentKeepalive = 25
CONF

python3 - "$runs" "$work/wgq.conf" "$PWD/benchmarks/connect/timing.py" <<'PY'
import json, statistics, subprocess, sys, time
from benchmarks.figures import figure
runs, conf, timing = int(sys.argv[1]), sys.argv[2], sys.argv[3]

def client(*command, check=True):
    return subprocess.run(["vpnlab", "exec", "client", "--", *command], check=check,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

def first_ping():
    # A ping through the tunnel, retried until one is answered.
    while client("ping", "-c", "1", "-W", "1", "-q", "198.51.100.80", check=False).returncode != 0:
        pass

def timed(up, down):
    # The timing loop runs in the client namespace itself (timing.py): the
    # lab's exec wrapper would add the same ~20 ms to both sides, twice.
    out = client("python3", timing, str(runs), *up, "--", *down).stdout
    samples = json.loads(out.strip().splitlines()[-1])
    return statistics.median(samples), min(samples)

env_wg = ["env", "WG_QUICK_USERSPACE_IMPLEMENTATION=wireguard-go"]
ours = timed(["vpnctl", "connect", "de-fra"], ["vpnctl", "disconnect"])
theirs = timed([*env_wg, "wg-quick", "up", conf], ["wg-quick", "down", conf])

def throughput(up, down):
    up()
    first_ping()
    out = client("iperf3", "-c", "198.51.100.80", "-t", "10", "-J").stdout
    down()
    return json.loads(out)["end"]["sum_received"]["bits_per_second"] / 1e6

server = subprocess.Popen(["vpnlab", "exec", "inet", "--", "iperf3", "-s", "-B", "198.51.100.80"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
# iperf3 -s gives no readiness signal: wait for its listening socket.
while "5201" not in subprocess.run(["vpnlab", "exec", "inet", "--", "ss", "-ltn"], stdout=subprocess.PIPE, text=True).stdout:
    pass
try:
    ours_bw = throughput(lambda: client("vpnctl", "connect", "de-fra"), lambda: client("vpnctl", "disconnect"))
    theirs_bw = throughput(lambda: client(*env_wg, "wg-quick", "up", conf), lambda: client("wg-quick", "down", conf))
finally:
    server.terminate()

print(f"connect to first ping through the tunnel, {runs} runs each (median / best, ms)")
print(f"  vpnctl connect   {ours[0]:8.1f} / {ours[1]:8.1f}")
print(f"  wg-quick up      {theirs[0]:8.1f} / {theirs[1]:8.1f}")
print(f"  ratio vpnctl/wg-quick (median): {ours[0] / theirs[0]:.2f}x (target <= 0.5x)")
print(f"throughput, iperf3 10 s: vpnctl {ours_bw:.0f} Mbit/s, wg-quick {theirs_bw:.0f} Mbit/s, ratio {ours_bw / theirs_bw:.2f}x (target >= 0.98x)")
figure("connect_ms_median", ours[0], theirs[0], "<=0.5x")
figure("connect_throughput_mbit_s", ours_bw, theirs_bw, ">=0.98x", digits=0)
PY
