#!/usr/bin/env bash
# The demo (README's first command): builds vpnctl, starts the test provider
# API on loopback with its own CA, publishes the bundled sample list signed
# with a fresh key, and shows what a free and a premium account see.
# Everything it makes lives in one temporary directory, removed at exit.
# Packets go to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
export NO_PROXY="${NO_PROXY:+$NO_PROXY,}127.0.0.1,localhost,::1" no_proxy="${no_proxy:+$no_proxy,}127.0.0.1,localhost,::1"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@" || printf '(exit status %d)\n' "$?"; }

say "Building vpnctl"
swift build --product vpnctl
swift build --product vpnctl-provider
bin=$(swift build --show-bin-path)
export PATH="$bin:$PATH"

work=$(mktemp -d /tmp/vpnctl-demo.XXXXXX)
provider_pid=
cleanup() {
    [[ -n $provider_pid ]] && kill "$provider_pid" 2>/dev/null && wait "$provider_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

say "Publishing the sample server list, signed with a fresh Ed25519 key"
mkdir -p "$work/api"
cp Tests/Support/sample/servers.json "$work/api/servers.json"
public_key=$(vpnctl-provider keygen --out "$work/signing.key")
vpnctl-provider sign --key "$work/signing.key" "$work/api/servers.json"
echo "directory_public_key = $public_key"
echo '{"demo-premium-token": {"tier": "premium", "max_devices": 10}}' > "$work/api/accounts.json"
(umask 077 && echo demo-premium-token > "$work/premium.token")

say "Starting the provider API on 127.0.0.1 (HTTPS, the demo's own CA)"
sh Tests/Support/provider-api/make-pki.sh "$work/pki"
mkfifo "$work/ready"
python3 Tests/Support/provider-api/provider.py --root "$work/api" \
    --cert "$work/pki/server.pem" --key "$work/pki/server.key" --bind 127.0.0.1 --port 0 > "$work/ready" &
provider_pid=$!
read -r _ port < "$work/ready"
echo "listening on https://127.0.0.1:$port/"

config() { # NAME [TOKEN_FILE]
    {
        echo "api_url = \"https://127.0.0.1:$port/\""
        echo "directory_public_key = \"$public_key\""
        echo "ca_file = \"$work/pki/ca.pem\""
        echo "cache_dir = \"$work/cache-$1\""
        echo "state_dir = \"$work/state-$1\""
        echo "runtime_dir = \"$work/run-$1\""
        if [[ -n ${2:-} ]]; then echo "account_token_file = \"$2\""; fi
    } > "$work/$1.toml"
}
config free
config premium "$work/premium.token"

say "A free account"
export VPNCTL_CONFIG="$work/free.toml"
run vpnctl refresh
run vpnctl account
run vpnctl locations
run vpnctl servers nl
run vpnctl servers zurich
run vpnctl servers frankfrut

say "A premium account"
export VPNCTL_CONFIG="$work/premium.toml"
run vpnctl account
run vpnctl locations
run vpnctl servers "sao paulo" --json

say "A second refresh: the provider answers 304 and the cache is reused"
run vpnctl refresh

say "Done; removing $work"
