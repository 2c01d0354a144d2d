#!/bin/sh
# private-mounts.sh --keep DIR [--etc-ppp DIR] [--no-console] -- COMMAND...: runs COMMAND
# with a /run of its own, for daemons that write fixed paths there: charon
# (/run/charon.pid) and pppd (/run/pppN.pid, /run/pppd2.tdb), one of each
# in every server namespace. Start it in a mount namespace of its own
# (`ip netns exec NS unshare -m --propagation private sh private-mounts.sh ...`):
# the mounts vanish with the daemon, and nothing lands in the machine's /run.
#
#   --keep DIR      stays visible (the lab's state directory, also when it
#                   is under /run, as /run/vpnlab is)
#   --etc-ppp DIR   is mounted over /etc/ppp: pppd reads its secrets from
#                   /etc/ppp/chap-secrets, and the machine's file is not the lab's
#   --no-console    puts /dev/null over /dev/console: without a syslog daemon
#                   (no /dev/log) glibc's syslog falls back to the console,
#                   here a serial line, and miniupnpd, single-threaded,
#                   waits out every line there (milliseconds each, several per
#                   packet) before it answers the next request; its log
#                   still reaches the lab's file on stderr
set -eu

keep= ppp= noconsole=
while [ $# -gt 0 ]; do
    case $1 in
        --keep) keep=${2:?--keep needs a directory}; shift 2 ;;
        --etc-ppp) ppp=${2:?--etc-ppp needs a directory}; shift 2 ;;
        --no-console) noconsole=1; shift ;;
        --) shift; break ;;
        *) echo "private-mounts.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[ -n "$keep" ] && [ $# -gt 0 ] || { echo "usage: private-mounts.sh --keep DIR [--etc-ppp DIR] [--no-console] -- COMMAND..." >&2; exit 2; }

# Hold the kept directory open: once /run is covered, /proc/self/fd/3
# still leads to it, and it is mounted back at its own path.
exec 3<"$keep"
mount -t tmpfs -o mode=0755,size=4m vpnlab-run /run
case $keep in
    /run/* | /var/run/*)
        mkdir -p "$keep"
        mount --no-canonicalize --bind /proc/self/fd/3 "$keep"
        ;;
esac
exec 3<&-
[ -z "$ppp" ] || mount --bind "$ppp" /etc/ppp
[ -z "$noconsole" ] || mount --bind /dev/null /dev/console
exec "$@"
