#!/usr/bin/env bash
# Benchmark (issue 5): in the lab, the time from starting `vpnctl connect de-fra
# --protocol openvpn-udp` to the first ping answered through the tunnel, against
# Debian's `openvpn --config` with an equivalent configuration (same server, CA,
# tls-crypt key, ciphers, credentials; openvpn's own redirect-gateway instead of
# the plugin's policy routing) reaching the same point, side by side, RUNS times
# each. Measures; asserts nothing. Run as root from the repository.
#
#   bash benchmarks/openvpn/run.sh [RUNS]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
runs=${1:-15}
bench_lab openvpn
state=${VPNLAB_STATE_DIR:-/run/vpnlab}

# The raw side: what the plugin writes, minus what only a managed child needs
# (management channel, route-noexec, pulled-option filters, mark), plus
# openvpn's own default route and a 0600 credentials file.
for file in "$state/pki/openvpn/ca.pem" "$state/pki/openvpn/tls-crypt.key" "$state/accounts/free.token"; do
    [[ -s $file ]] || { echo "benchmark: $file is missing: is the lab's state elsewhere (VPNLAB_STATE_DIR)?" >&2; exit 1; }
done
umask 077
printf 'vpnctl\n%s\n' "$(cat "$state/accounts/free.token")" > "$work/credentials"
cat > "$work/raw.conf" <<CONF
client
dev vpnctl-raw
dev-type tun
proto udp
remote 203.0.113.11 1194
nobind
connect-retry-max 1
connect-timeout 10
server-poll-timeout 10
remote-cert-tls server
verify-x509-name de-fra-001.vpnlab.example.net name
tls-version-min 1.2
data-ciphers AES-256-GCM:CHACHA20-POLY1305
auth-nocache
script-security 1
redirect-gateway def1
pull-filter ignore "dhcp-option"
auth-user-pass $work/credentials
verb 3
<ca>
$(cat "$state/pki/openvpn/ca.pem")
</ca>
<tls-crypt>
$(cat "$state/pki/openvpn/tls-crypt.key")
</tls-crypt>
CONF
# Raw openvpn runs in the foreground until killed: a wrapper starts it in the
# background and returns at once, like `vpnctl connect` returns; the stop side
# kills it and waits for its tun to go.
cat > "$work/raw-up" <<SH
#!/bin/sh
openvpn --config $work/raw.conf --writepid $work/raw.pid >$work/raw.log 2>&1 &
SH
# openvpn writes its pid file only once it has started; wait for it, so the
# kill never misses an instance still coming up and the next run's openvpn
# never finds the tun taken.
cat > "$work/raw-down" <<SH
#!/bin/sh
while [ ! -s $work/raw.pid ]; do sleep 0.01; done
pid=\$(cat $work/raw.pid)
kill \$pid 2>/dev/null
while kill -0 \$pid 2>/dev/null || [ -e /sys/class/net/vpnctl-raw ]; do sleep 0.01; done
rm -f $work/raw.pid
SH
chmod 700 "$work/raw-up" "$work/raw-down"

python3 - "$runs" "$PWD/benchmarks/connect/timing.py" "$work" <<'PY'
import json, statistics, subprocess, sys
from benchmarks.figures import figure
runs, timing, work = int(sys.argv[1]), sys.argv[2], sys.argv[3]

def timed(device, up, down):
    out = subprocess.run(["vpnlab", "exec", "client", "--", "python3", timing, f"--device={device}", str(runs), *up, "--", *down],
                         check=True, stdout=subprocess.PIPE, text=True).stdout
    samples = json.loads(out.strip().splitlines()[-1])
    return statistics.median(samples), min(samples)

ours = timed("vpnctl-ovpn", ["vpnctl", "connect", "de-fra", "--protocol", "openvpn-udp"], ["vpnctl", "disconnect"])
theirs = timed("vpnctl-raw", [f"{work}/raw-up"], [f"{work}/raw-down"])
print(f"connect (openvpn-udp) to first ping through the tunnel, {runs} runs each (median / best, ms)")
print(f"  vpnctl connect   {ours[0]:8.1f} / {ours[1]:8.1f}")
print(f"  raw openvpn      {theirs[0]:8.1f} / {theirs[1]:8.1f}")
print(f"  ratio vpnctl/openvpn (median): {ours[0] / theirs[0]:.2f}x (target <= 1.05x)")
figure("openvpn_connect_ms_median", ours[0], theirs[0], "<=1.05x")
PY
