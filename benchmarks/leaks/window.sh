#!/usr/bin/env bash
# Issue 10's leak harness from a script: counts the probes that leave the
# lab's home client outside the tunnel while COMMAND runs (a connect with a
# fallback, a kill -9, a switch), with a probe set every INTERVAL ms, and
# prints the report (`vpnlab leakcheck stop --json`; see Lab/README.md, "The
# leak check"). Exit status 1 when a probe leaked, else COMMAND's status.
# A building block for soak runs; it needs a lab that is up (the caller owns
# it and its session lock) and vpnlab on PATH. Run as root.
#
#   bash benchmarks/leaks/window.sh [--interval-ms 20] -- COMMAND...
#   e.g. window.sh -- vpnlab exec client -- vpnctl connect de-fra
set -euo pipefail
interval=20
if [[ ${1:-} == --interval-ms ]]; then interval=$2; shift 2; fi
[[ ${1:-} == -- ]] && shift
(($#)) || { echo "usage: window.sh [--interval-ms N] -- COMMAND..." >&2; exit 64; }

vpnlab leakcheck start --interval-ms "$interval"
status=0
# Its output goes to stderr: stdout is the report.
"$@" >&2 || status=$?
vpnlab leakcheck stop --json --fail-on-leak || exit 1
exit "$status"
