#!/usr/bin/env bash
# Runs the kernel test suite (Tests/KernelTests: kernel WireGuard over netlink, the
# WireGuard plugin's kernel backend, the L2TP/IPsec plugin's whole path) and the lab's connect tests (Tests/LabTests,
# ConnectTests: the whole product with kernel WireGuard) in a VM, because this
# machine's kernel has no WireGuard and cannot load modules. qemu (software emulation, never KVM: it does not
# work on these machines) boots Debian's kernel once through virtme-ng; the guest sees
# the host's files read-only and runs the test bundle the host already built
# (`swift build --build-tests`), filtered to KernelTests. Prints the guest's test output
# and exits with its status. Run as root from the repository.
#
#   VPNCTL_BIN_PATH   where the built products are (default .build/debug)
#   VPNCTL_VM_TIMEOUT seconds for boot plus tests (default 900)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
bin_path=$(cd "${VPNCTL_BIN_PATH:-.build/debug}" 2>/dev/null && pwd -P) || {
    echo "vm-test: no build products in ${VPNCTL_BIN_PATH:-.build/debug}: run swift build --build-tests first" >&2
    exit 1
}
bundle=$bin_path/vpnctlPackageTests.xctest
for product in "$bundle" "$bin_path/vpnctl-plugin-wireguard" "$bin_path/vpnctl-plugin-l2tp" "$bin_path/vpnlab" "$bin_path/vpnctl" "$bin_path/vpnctld"; do
    [[ -x $product ]] || { echo "vm-test: $product is missing: run swift build --build-tests first" >&2; exit 1; }
done

# What the VM needs, from Debian's archive and PyPI through their ordinary clients.
packages=(qemu-system-x86 busybox-static linux-image-amd64)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "vm-test: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! command -v vng >/dev/null 2>&1; then
    echo "vm-test: installing virtme-ng"
    python3 -m pip install --quiet virtme-ng
    hash -r
fi
command -v vng >/dev/null 2>&1 || { echo "vm-test: vng not on PATH after installing virtme-ng" >&2; exit 1; }

# The newest Debian kernel under /boot that ships the wireguard module.
kernel=""
while read -r image; do
    version=${image#/boot/vmlinuz-}
    [[ -e /lib/modules/$version/kernel/drivers/net/wireguard/wireguard.ko ]] && kernel=$image
done < <(ls /boot/vmlinuz-* 2>/dev/null | sort -V)
[[ -n $kernel ]] || { echo "vm-test: no kernel with a wireguard module under /boot (linux-image-amd64)" >&2; exit 1; }

# A folder the guest may write: its output and exit status come back through it.
exchange=$(mktemp -d /tmp/vpnctl-vm-test.XXXXXX)
trap 'rm -rf "$exchange"' EXIT
cat >"$exchange/guest.sh" <<EOF
#!/bin/sh
# Runs inside the VM, as root.
set -u
status=1
# A selection that runs no test (a renamed suite) must fail, not pass.
selected() {
    "\$@" >/tmp/vpnctl-vm-tests.out 2>&1
    selected_status=\$?
    cat /tmp/vpnctl-vm-tests.out
    [ \$selected_status -eq 0 ] || return \$selected_status
    grep -Eq 'Test run with [1-9][0-9]* tests?' /tmp/vpnctl-vm-tests.out || { echo "vm-test (guest): the selection ran no test: \$*" >&2; return 1; }
}
run() {
    modprobe wireguard || { echo "vm-test (guest): modprobe wireguard failed" >&2; return 1; }
    [ -d /sys/module/wireguard ] || { echo "vm-test (guest): /sys/module/wireguard missing" >&2; return 1; }
    # L2TP/IPsec: ESP and charon's XFRM netlink, PPP and PPP over L2TP.
    modprobe -a esp4 xfrm_user ppp_generic ppp_async l2tp_ppp || { echo "vm-test (guest): modprobe for L2TP/IPsec failed" >&2; return 1; }
    [ -c /dev/ppp ] || { echo "vm-test (guest): /dev/ppp missing" >&2; return 1; }
    [ -d /sys/module/esp4 ] || { echo "vm-test (guest): /sys/module/esp4 missing" >&2; return 1; }
    # /run is a tmpfs in the guest and /tmp, /var are writable overlays; make sure of
    # the folders ip netns and WireGuard tools use.
    mkdir -p /run/netns /var/run/wireguard /tmp || return 1
    touch /tmp/.vpnctl-vm-write-check && rm -f /tmp/.vpnctl-vm-write-check || return 1
    echo "vm-test (guest): kernel \$(uname -r), wireguard loaded, running KernelTests and the lab's WireGuard and L2TP/IPsec connect tests"
    cd '$repo' || return 1
    selected env VPNCTL_KERNEL_VM=1 NO_COLOR=1 '$bundle' --testing-library swift-testing --filter '^KernelTests\.' || return 1
    # The lab writes the client's resolv.conf under /etc/netns: /etc is an
    # overlay of the guest's own (--overlay-rwdir), the host's stays untouched.
    selected env VPNCTL_KERNEL_VM=1 NO_COLOR=1 '$bundle' --testing-library swift-testing --filter '^LabTests\.(ConnectTests.connectsSendsThroughTheTunnelAndLeavesNothing|L2TPConnectTests)'
}
run
status=\$?
echo \$status >'$exchange/status'
exit \$status
EOF
chmod 755 "$exchange/guest.sh"

timeout=${VPNCTL_VM_TIMEOUT:-900}
echo "vm-test: booting $kernel (qemu, no KVM) and running KernelTests, timeout ${timeout}s"
start=$SECONDS
vm_status=0
# Through a pipe: qemu reopens its stdout, which, were it a file, would write over
# this script's own lines from offset 0.
timeout --kill-after=30 "$timeout" \
    vng --run "$kernel" --disable-kvm --memory 2G --user root --cwd "$repo" \
        --rwdir "$exchange" --overlay-rwdir /etc --exec "$exchange/guest.sh" </dev/null 2>&1 | cat || vm_status=$?
elapsed=$((SECONDS - start))

if [[ ! -s $exchange/status ]]; then
    if ((vm_status == 124 || vm_status == 137)); then
        echo "vm-test: FAILED: the VM did not finish within ${timeout}s" >&2
    else
        echo "vm-test: FAILED: the VM did not boot or the guest script never ran (vng exited $vm_status)" >&2
    fi
    exit 1
fi
status=$(<"$exchange/status")
echo "vm-test: guest finished with status $status after ${elapsed}s (boot and tests)"
exit "$status"
