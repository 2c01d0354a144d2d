#!/usr/bin/env bash
# Benchmark (issue 3): `vpnctl servers <country> --json` from the cache against
# a Python script doing the same json.load + filter + pick, as whole
# processes, side by side in one run. Prints wall time and peak memory of
# each, and their ratios. Measures; asserts nothing. Run as root from the repo.
# vpnctl asks the daemon (vpnctld, started on demand): it gets its own state
# and runtime directories in the work directory, runs in a network namespace
# of its own (a file:// list needs no network; the machine's own namespace
# is not touched) and is stopped at the end.
#
#   bash benchmarks/serverlist/run.sh [RUNS] [COUNTRY]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
runs=${1:-20}
country=${2:-de}
bench_setup vpnctl vpnctld vpnctl-provider
bench_workdir serverlist
bench_on_exit() {
    local pid
    for pid in $(pgrep -f -- "vpnctld --config $work/config.toml"); do
        kill "$pid"
        for _ in {1..50}; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
}
mkdir -p "$work/api"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/ca.key" \
    -out "$work/ca.pem" -days 30 -subj "/CN=vpnctl benchmark CA" 2>/dev/null
python3 benchmarks/serverlist/generate.py "$work/api/servers.json" "$work/ca.pem"
public_key=$("$bin/vpnctl-provider" keygen --out "$work/signing.key")
"$bin/vpnctl-provider" sign --key "$work/signing.key" "$work/api/servers.json"
printf 'api_url = "file://%s/api/"\ndirectory_public_key = "%s"\ncache_dir = "%s/cache"\nstate_dir = "%s/state"\nruntime_dir = "%s/run"\n' \
    "$work" "$public_key" "$work" "$work" "$work" > "$work/config.toml"
export VPNCTL_CONFIG="$work/config.toml"
unshare --net -- "$bin/vpnctl" refresh >/dev/null

unshare --net -- python3 - "$runs" "$work/api/servers.json" \
    "$bin/vpnctl servers $country --json" \
    "python3 benchmarks/serverlist/reference.py $work/api/servers.json $country" <<'PY'
import os, resource, subprocess, sys, time, statistics
from benchmarks.figures import figure
runs, list_path, ours, reference = int(sys.argv[1]), sys.argv[2], sys.argv[3].split(), sys.argv[4].split()

def measure(command):
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)  # KiB -> MiB
        assert status == 0, f"{command[0]} failed"
    return statistics.median(times) * 1000, max(peaks)

size = os.path.getsize(list_path) / 2**20
ours_ms, ours_mb = measure(ours)
ref_ms, ref_mb = measure(reference)
print(f"server list: {size:.1f} MiB, {runs} runs each, median wall time, peak RSS")
print(f"{'':24}{'time (ms)':>12}{'peak (MiB)':>12}")
print(f"{'vpnctl servers':24}{ours_ms:12.1f}{ours_mb:12.1f}")
print(f"{'python reference':24}{ref_ms:12.1f}{ref_mb:12.1f}")
print(f"time ratio vpnctl/python: {ours_ms / ref_ms:.2f}x (target <= 0.20x)")
print(f"peak memory / list size: {ours_mb / size:.2f}x (target <= 2x); python: {ref_mb / size:.2f}x")
figure("serverlist_ms_median", ours_ms, ref_ms, "<=0.1x")
figure("serverlist_peak_mib_per_list_mib", ours_mb, size, "<=2x")
PY
