#!/usr/bin/env bash
# The test command (README, .ci/run): installs what it needs, builds, runs
# every test. Run as root from the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

swift build --build-tests
swift test --skip-build
