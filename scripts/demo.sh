#!/usr/bin/env bash
# The demo (README's first command): builds vpnctl, brings up the lab (a small
# internet in network namespaces: a home client behind a NAT router, the
# provider's API, a web host, VPN servers in three locations), probes what the
# router lets through, connects from the home client, shows traffic leaving
# through the tunnel, shows what a free account may not use, disconnects, then
# has the router block UDP and shows vpnctl choosing OpenVPN over TCP 443 and
# saying which router setting to change, and brings the lab down. Nothing is sent
# from or changed in this machine's own network namespace.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
export NO_PROXY="*" no_proxy="*"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
client() { printf '$ %s\n' "$*"; vpnlab exec client --account "$account" -- "$@" || printf '(exit status %d)\n' "$?"; }

say "Building vpnctl, its daemon, the plugins, the probe responder and the lab"
swift build
bin=$(swift build --show-bin-path)
export PATH="$bin:$PATH"

# The lab's names are machine-wide: one user of the lab at a time.
exec 9>/run/vpnlab.session.lock
flock -n 9 || { echo "demo: another lab session (a test run?) is using the lab" >&2; exit 1; }
trap 'vpnlab down >/dev/null 2>&1 || true' EXIT

say "Bringing up the lab"
vpnlab up
account=free

say "From the home client, the web host sees the home router's address"
client curl -s http://198.51.100.80/ip

say "A free account: what it may use"
client vpnctl account
client vpnctl locations

say "What the home router lets through, toward the Frankfurt server (the daemon starts on demand)"
client vpnctl probe de-fra

say "Connecting to Frankfurt: protocol auto picks what the probe says will work"
client vpnctl connect de-fra
client vpnctl status

say "Traffic goes through the tunnel: the web host now sees the Frankfurt server"
client ping -c 2 -W 3 198.51.100.80
client curl -s http://198.51.100.80/ip
say "Names resolve through the tunnel's resolver (the lab client's own resolv.conf)"
client cat /etc/resolv.conf

say "Disconnecting"
client vpnctl disconnect
client curl -s http://198.51.100.80/ip
client cat /etc/resolv.conf

say "New York is premium only"
client vpnctl connect us-nyc

say "The premium account may"
account=premium
client vpnctl connect us-nyc
client curl -s http://198.51.100.80/ip
client vpnctl disconnect

say "The router now blocks UDP (only TCP and DNS pass), as some hotel and office networks do"
account=free
vpnlab router passthrough --udp off
client vpnctl probe --fresh de-fra
client vpnctl connect de-fra
client vpnctl status
client curl -s http://198.51.100.80/ip
client vpnctl disconnect
vpnlab router passthrough --udp on

say "Bringing the lab down"
vpnlab down
trap - EXIT
