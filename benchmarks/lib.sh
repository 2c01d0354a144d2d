# Sourced by every benchmarks/*/run.sh: what each of them does before it
# measures, said once. Not run on its own.
#
#   source "$(dirname "$0")/../lib.sh"
#   bench_lab NAME      # a benchmark in the lab (vpnlab): everything below
#   bench_setup; bench_workdir NAME   # one that needs no lab (serverlist)
#
# bench_lab leaves the shell in the repository's root with the release
# binaries first on PATH, the lab's session lock held on fd 9, the lab up
# and $work a fresh directory; on exit (any exit) it runs the script's
# bench_on_exit if it defines one (bench_workdir alone does that too),
# disconnects the lab's client, brings the lab down and removes $work. Nothing here touches the machine's own network
# namespace: the lab lives in vpnlab-* namespaces.

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench_lock_file=/run/vpnlab.session.lock
# How long to wait for another user of the lab (a test run) to let go of it.
bench_lock_wait=${BENCH_LOCK_WAIT:-3600}

# The repository's root, the packages (scripts/setup.sh), no proxy for the
# lab's addresses, a release build of PRODUCTs (default: everything) and its
# directory first on PATH ($bin). Built as the product ships: the Swift
# runtime linked in (--static-swift-stdlib), so a command's process maps
# what it runs rather than all of libswiftCore and libFoundationEssentials
# (a third off `vpnctl`'s start and 3 MB off its peak), in a build
# directory of its own so the test build's products are left as they are.
bench_build=(swift build -c release --static-swift-stdlib --scratch-path "$bench_root/.build-release")
bench_setup() {
    cd "$bench_root"
    source scripts/setup.sh
    export NO_PROXY="*" no_proxy="*"
    if (($#)); then
        local product
        for product in "$@"; do "${bench_build[@]}" --product "$product" >/dev/null; done
    else
        "${bench_build[@]}" >/dev/null
    fi
    bin=$("${bench_build[@]}" --show-bin-path)
    export PATH="$bin:$PATH"
}

# The lab's names are machine-wide: one user at a time. A test run holding
# the lab delays the benchmark instead of failing it.
bench_lock() {
    local name=$1 waited=$SECONDS
    exec 9>"$bench_lock_file"
    if ! flock -n 9; then
        echo "$name: another lab session (a test run?) holds $bench_lock_file; waiting for it (up to ${bench_lock_wait} s)" >&2
        flock -w "$bench_lock_wait" 9 || {
            echo "$name: gave up after ${bench_lock_wait} s waiting for $bench_lock_file" >&2
            exit 1
        }
        echo "$name: got the lab after $((SECONDS - waited)) s" >&2
    fi
}

# $work: a fresh directory, removed on exit.
bench_workdir() {
    work=$(mktemp -d "/tmp/vpnctl-$1-bench.XXXXXX")
    trap bench_cleanup EXIT
}

bench_cleanup() {
    local status=$?
    if declare -F bench_on_exit >/dev/null; then bench_on_exit >/dev/null 2>&1 || true; fi
    if [[ ${bench_lab_up:-} ]]; then
        timeout 60 vpnlab exec client -- vpnctl disconnect >/dev/null 2>&1 || true
        vpnlab down >/dev/null 2>&1 || true
    fi
    [[ -n ${work:-} ]] && rm -rf "$work"
    exit "$status"
}

bench_lab() {
    local name=$1
    bench_setup
    bench_lock "$name"
    bench_lab_up=1
    bench_workdir "$name"
    vpnlab up >/dev/null
}
