#!/usr/bin/env bash
# Benchmark (issue 6): in the lab, the wall time of `vpnctl probe --fresh`
# from the home client with everything open and with everything blocked
# (PPTP, IPsec and L2TP passthrough off, UDP off), side by side with the
# single-probe timeout (RouterProbe's RetransmitSchedule.standard gives up
# after 1.2 s), RUNS times each. Both the command's wall time (a new vpnctl
# process and a round trip to the daemon included) and the probe's own
# elapsed_ms are shown. Measures; asserts nothing. Run as root from the
# repository.
#
#   bash benchmarks/probe/run.sh [RUNS]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
runs=${1:-15}
bench_lab probe
# The daemon starts on demand; the first probe also fetches the list.
vpnlab exec client -- vpnctl probe --fresh de-fra >/dev/null

python3 - "$runs" <<'PY'
import json, statistics, subprocess, sys, time
from benchmarks.figures import figure
runs = int(sys.argv[1])
timeout_ms = 1200.0
target_ms = 100.0  # with everything open, probe and command each within 100 ms

def probe():
    started = time.monotonic()
    out = subprocess.run(["vpnlab", "exec", "client", "--", "vpnctl", "probe", "--fresh", "--json", "de-fra"],
                         check=True, stdout=subprocess.PIPE, text=True).stdout
    wall = (time.monotonic() - started) * 1000
    report = json.loads(out)
    return wall, report["elapsed_ms"], report["passthrough"]

def router(*switches):
    subprocess.run(["vpnlab", "router", "passthrough", *switches], check=True, stdout=subprocess.DEVNULL)

results = {}
for name, switches in [("everything open", ["--pptp", "on", "--ipsec", "on", "--l2tp", "on", "--udp", "on"]),
                       ("everything blocked", ["--pptp", "off", "--ipsec", "off", "--l2tp", "off", "--udp", "off"])]:
    router(*switches)
    samples = [probe() for _ in range(runs)]
    verdicts = samples[-1][2]
    results[name] = (statistics.median(s[0] for s in samples), min(s[0] for s in samples),
                     statistics.median(s[1] for s in samples), min(s[1] for s in samples),
                     sum(v == "blocked" for v in verdicts.values()), len(verdicts))
router("--pptp", "on", "--ipsec", "on", "--l2tp", "on", "--udp", "on")

print(f"vpnctl probe --fresh in the lab, {runs} runs each (median / best, ms); single-probe timeout {timeout_ms:.0f} ms")
print(f"  {'':20} {'command':>17} {'probe elapsed':>17} {'blocked keys':>13} {'elapsed/timeout':>16}")
for name, (wall, wall_best, elapsed, elapsed_best, blocked, keys) in results.items():
    print(f"  {name:20} {wall:8.1f} / {wall_best:6.1f} {elapsed:8.1f} / {elapsed_best:6.1f} {blocked:>6} of {keys:<4} {elapsed / timeout_ms:15.2f}x")
wall, _, elapsed, _, _, _ = results["everything open"]
figure("probe_open_elapsed_ms_median", elapsed, target_ms, "<=1.0x")
figure("probe_open_command_ms_median", wall, target_ms, "<=1.0x")
PY
