#!/usr/bin/env bash
# The test command (README, .ci/run): installs what it needs, builds, runs
# every test. Run as root from the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

# Tests talk to 127.0.0.1 only; a proxy in the environment must not carry
# their requests elsewhere.
export NO_PROXY="${NO_PROXY:+$NO_PROXY,}127.0.0.1,localhost,::1" no_proxy="${no_proxy:+$no_proxy,}127.0.0.1,localhost,::1"

swift build --build-tests
# KernelTests need a kernel with WireGuard: not this one. They run in the VM, on the
# same build. LabTests drive the whole lab, which blocks on child processes:
# they get a run of their own rather than stall the other suites' timers.
bash scripts/swift-test-filtered.sh --skip '^(KernelTests|LabTests)\.'
bash scripts/swift-test-filtered.sh --filter '^LabTests\.'
bash scripts/vm-test.sh
