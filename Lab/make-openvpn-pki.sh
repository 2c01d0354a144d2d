#!/bin/sh
# make-openvpn-pki.sh OUTDIR HOSTNAME...: the lab's OpenVPN CA, one server
# certificate per hostname (CN = the hostname, EC P-256) and a tls-crypt key.
#
#   ca.pem, ca.key         the lab's OpenVPN CA (ca.pem goes into the server list)
#   HOSTNAME.pem/.key      a server's certificate and key
#   tls-crypt.key          the key every server and client shares
#
# What is already there is kept: one lab reuses its PKI across `up` calls.
# Files appear whole (made in a temporary folder, then moved), so a run that
# is interrupted leaves nothing half written. Keys are 0600.
set -eu

out=${1:?usage: make-openvpn-pki.sh OUTDIR HOSTNAME...}
shift
umask 077
mkdir -p "$out"
work=$(mktemp -d "$out/.pki.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

# openssl's own configuration would add a CA's extensions to every
# certificate `req -x509` makes; this one adds none.
printf '[req]\ndistinguished_name = dn\n[dn]\n' >req.cnf
certificate() { # NAME SUBJECT CA-ARGS... EXTENSIONS...
    name=$1 subject=$2
    shift 2
    openssl req -config req.cnf -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc \
        -keyout "$name.key" -subj "/CN=$subject" -days 30 -sha256 -out "$name.pem" "$@" 2>/dev/null
}

if [ -s "$out/ca.pem" ] && [ -s "$out/ca.key" ]; then
    cp "$out/ca.pem" "$out/ca.key" .
else
    certificate ca "vpnlab OpenVPN CA" -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" -addext "subjectKeyIdentifier=hash"
    chmod 644 ca.pem
    mv -f ca.key ca.pem "$out/"
    cp "$out/ca.pem" "$out/ca.key" .
fi

# The servers' certificates in parallel: each is one openssl process.
pids=
for host in "$@"; do
    [ -s "$out/$host.pem" ] && [ -s "$out/$host.key" ] && continue
    certificate "$host" "$host" -CA ca.pem -CAkey ca.key \
        -addext "basicConstraints=critical,CA:FALSE" -addext "keyUsage=critical,digitalSignature" \
        -addext "extendedKeyUsage=serverAuth" -addext "subjectAltName=DNS:$host" &
    pids="$pids $!"
done
[ -s "$out/tls-crypt.key" ] || openvpn --genkey tls-crypt tls-crypt.key >/dev/null
for pid in $pids; do wait "$pid"; done

for host in "$@"; do
    [ -f "$host.pem" ] || continue
    chmod 644 "$host.pem"
    mv -f "$host.key" "$host.pem" "$out/"
done
[ ! -f tls-crypt.key ] || mv -f tls-crypt.key "$out/"
