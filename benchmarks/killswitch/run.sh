#!/usr/bin/env bash
# Benchmark (issue 10): what the kill switch costs. In the lab, RUNS rounds
# of `vpnctl connect de-fra --protocol wireguard` to the first ping answered
# through the tunnel, with the kill switch on and off, side by side; the
# time the daemon took to apply and read back each policy (from its log);
# and, as the reference, `nft -f` replacing the same table with the same
# rules (the connected policy, listed from the kernel). Measures; asserts
# nothing. Run as root from the repository.
#
#   bash benchmarks/killswitch/run.sh [RUNS]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
runs=${1:-15}
bench_lab killswitch
config=$(vpnlab status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["accounts"]["free"]["config"])')
log=$(dirname "$config")/state/vpnctld.log

# Registers the device, and leaves the connected policy's table to copy.
vpnlab exec client -- vpnctl set kill-switch on >/dev/null
vpnlab exec client -- vpnctl connect de-fra --protocol wireguard >/dev/null
vpnlab exec client -- nft -j list table inet vpnctl >"$work/connected.json"
vpnlab exec client -- vpnctl disconnect >/dev/null

python3 - "$runs" "$PWD/benchmarks/connect/timing.py" "$log" "$work" <<'PY'
import json, re, statistics, subprocess, sys
from benchmarks.figures import figure
runs, timing, log, work = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]

def client(*command, check=True):
    return subprocess.run(["vpnlab", "exec", "client", "--", *command], check=check,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

def timed():
    out = client("python3", timing, str(runs), "vpnctl", "connect", "de-fra", "--protocol", "wireguard",
                 "--", "vpnctl", "disconnect").stdout
    samples = json.loads(out.strip().splitlines()[-1])
    return statistics.median(samples), min(samples)

def applies(since):
    with open(log) as f:
        lines = f.readlines()[since:]
    return [float(m.group(1)) for line in lines if (m := re.search(r"applied and read back in ([0-9.]+) ms", line))]

def log_length():
    with open(log) as f:
        return len(f.readlines())

client("vpnctl", "set", "kill-switch", "on")
mark = log_length()
on = timed()
on_applies = applies(mark)
client("vpnctl", "set", "kill-switch", "off")
mark = log_length()
off = timed()
off_applies = applies(mark)
client("vpnctl", "set", "kill-switch", "on")

# The reference: nft replacing the same table whole (add, delete, add with
# every chain and rule) in one transaction, as a script would, RUNS times,
# timed around each nft process inside the client namespace.
listed = json.load(open(f"{work}/connected.json"))["nftables"]
commands = [{"add": {"table": {"family": "inet", "name": "vpnctl"}}}, {"delete": {"table": {"family": "inet", "name": "vpnctl"}}}]
for item in listed:
    kind = next(iter(item))
    if kind == "metainfo":
        continue
    body = dict(item[kind]); body.pop("handle", None)
    commands.append({"add": {kind: body}})
with open(f"{work}/replace.json", "w") as f:
    json.dump({"nftables": commands}, f)
reference = client("python3", "-c", """
import json, subprocess, sys, time
samples = []
for _ in range(int(sys.argv[1])):
    start = time.perf_counter()
    subprocess.run(["nft", "-j", "-f", sys.argv[2]], check=True)
    samples.append((time.perf_counter() - start) * 1000)
subprocess.run(["nft", "delete", "table", "inet", "vpnctl"], check=True)
print(json.dumps(samples))
""", str(runs), f"{work}/replace.json").stdout
nft_samples = json.loads(reference.strip().splitlines()[-1])

print(f"connect to first ping through the tunnel (wireguard, de-fra), {runs} runs each (median / best, ms)")
print(f"  kill switch on   {on[0]:8.1f} / {on[1]:8.1f}   ({len(on_applies)} policy applies)")
print(f"  kill switch off  {off[0]:8.1f} / {off[1]:8.1f}   ({len(off_applies)} policy applies)")
print(f"  ratio on/off (median): {on[0] / off[0]:.2f}x")
print(f"policy apply and read back (daemon, libnftables): median {statistics.median(on_applies):.2f} ms, best {min(on_applies):.2f} ms over {len(on_applies)}")
print(f"reference: nft -j -f replacing the connected table: median {statistics.median(nft_samples):.2f} ms, best {min(nft_samples):.2f} ms")
print(f"  ratio daemon/nft (median): {statistics.median(on_applies) / statistics.median(nft_samples):.2f}x")
figure("killswitch_on_off_connect_ms_median", on[0], off[0])
figure("killswitch_apply_ms_median", statistics.median(on_applies), statistics.median(nft_samples), digits=2)
PY
