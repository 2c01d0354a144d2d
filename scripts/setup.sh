#!/usr/bin/env bash
# Installs what vpnctl needs to build, test and run its demo on Debian 12.
# Idempotent; run as root. Swift itself is not in Debian's archive: a Swift 6
# toolchain must be on PATH (https://www.swift.org/install/linux/).
set -euo pipefail

packages=(
    pkg-config libcurl4-openssl-dev   # HTTP through libcurl
    ca-certificates openssl           # TLS, the test provider's PKI
    python3                           # the test provider API
    iproute2                          # network namespaces for isolated tests
    nftables curl                     # the lab (vpnlab): router rules, HTTP checks in namespaces
    wireguard-go wireguard-tools      # userspace WireGuard; wg for the test servers
    iputils-ping                      # traffic checks through tunnels
    miniupnpd-nftables                # the lab router's UPnP IGD, NAT-PMP and PCP
    openvpn                           # the OpenVPN plugin's child, the lab's OpenVPN servers
    xl2tpd ppp                        # L2TP: client and lab servers
    strongswan-charon strongswan-swanctl  # IPsec for L2TP: charon and its vici tool
)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
    for candidate in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
        [[ -x $candidate/swift ]] && export PATH="$candidate:$PATH" && break
    done
fi
command -v swift >/dev/null 2>&1 || {
    echo "setup: no Swift toolchain on PATH; install Swift 6 from swift.org and run again" >&2
    exit 1
}
