#!/usr/bin/env bash
# Runs `swift test --skip-build` with the given arguments (a --filter or
# --skip selection) and fails when the selection ran no test at all: a
# filter that matches nothing (a renamed suite, a typo) must not pass.
set -uo pipefail
output=$(mktemp)
trap 'rm -f "$output"' EXIT
swift test --skip-build "$@" 2>&1 | tee "$output"
status=${PIPESTATUS[0]}
((status == 0)) || exit "$status"
if ! grep -Eq 'Test run with [1-9][0-9]* tests?' "$output"; then
    echo "swift-test-filtered: the selection ($*) ran no test" >&2
    exit 1
fi
