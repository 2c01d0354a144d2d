#!/usr/bin/env bash
# Runs every benchmark (benchmarks/*/run.sh) in turn, RUNS rounds each (each
# script's own default without it; the soak gets SOAK_CYCLES cycles, default
# 10), shows their output as it comes, and ends with one table of their
# FIGURE lines (benchmarks/figures.py): name, vpnctl, reference, ratio,
# target, met. A benchmark that fails does not stop the others: it is a row
# `name FAILED (exit N)`, and this script then exits 1. Each benchmark waits
# for the lab while a test run holds it. Run as root from the repository.
#
#   bash benchmarks/run-all.sh [RUNS]
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-}
soak_cycles=${SOAK_CYCLES:-10}

logs=$(mktemp -d /tmp/vpnctl-run-all.XXXXXX)
trap 'rm -rf "$logs"' EXIT
started=$SECONDS
table=$logs/table
failed=()

for script in benchmarks/*/run.sh; do
    name=$(basename "$(dirname "$script")")
    case $name in
        soak) args=("$soak_cycles") ;;
        *) args=(${runs:+"$runs"}) ;;
    esac
    printf '\n== %s (%s)\n' "$name" "bash $script${args[*]:+ ${args[*]}}"
    bench_started=$SECONDS
    bash "$script" "${args[@]}" 2>&1 | tee "$logs/$name.log"
    status=${PIPESTATUS[0]}
    printf '== %s: exit %d after %d s\n' "$name" "$status" "$((SECONDS - bench_started))"
    grep -P '^FIGURE\t' "$logs/$name.log" | cut -f2- >>"$table"
    if ((status != 0)); then
        printf '%s\tFAILED (exit %d)\n' "$name" "$status" >>"$table"
        failed+=("$name")
    elif ! grep -qP '^FIGURE\t' "$logs/$name.log"; then
        printf '%s\tFAILED (no FIGURE lines)\n' "$name" >>"$table"
        failed+=("$name")
    fi
done

head=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -n $(git status --porcelain 2>/dev/null) ]] && head+=" (and uncommitted changes)"
printf '\n== benchmarks, %s, %s, RUNS %s, soak %s cycles, %d s\n' \
    "$(date '+%Y-%m-%d %H:%M:%S %Z')" "$head" "${runs:-default}" "$soak_cycles" "$((SECONDS - started))"
{
    printf 'name\tvpnctl\treference\tratio\ttarget\tmet\n'
    cat "$table" 2>/dev/null
} | awk -F'\t' '
    # A FAILED row (name, what) does not widen the columns.
    { rows[NR] = $0; if (NF > 2) for (i = 1; i <= NF; i++) if (length($i) > width[i]) width[i] = length($i) }
    END {
        for (r = 1; r <= NR; r++) {
            n = split(rows[r], field, "\t"); line = ""
            for (i = 1; i <= n; i++) {
                # vpnctl, reference and ratio right-aligned; the last column unpadded.
                if (i == n) cell = field[i]
                else if (i >= 2 && i <= 4) cell = sprintf("%" width[i] "s", field[i])
                else cell = sprintf("%-" width[i] "s", field[i])
                line = line (i > 1 ? "  " : "") cell
            }
            print line
        }
    }'

if ((${#failed[@]})); then
    echo "run-all: failed: ${failed[*]}" >&2
    exit 1
fi
