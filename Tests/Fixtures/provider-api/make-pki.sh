#!/bin/sh
# make-pki.sh OUTDIR: the test provider's certificates (EC P-256).
#
#   ca.pem                           the lab CA, to trust (ca_file)
#   server.pem, server.key           signed by it for localhost and 127.0.0.1
#   wronghost-server.pem, .key       signed by it for wrong-host.invalid only
#   rogue-ca.pem                     an unrelated CA that nobody trusts
#   rogue-server.pem, .key           signed by the rogue CA for localhost and 127.0.0.1
#
# Idempotent: a complete OUTDIR is left alone. Files appear all at once, so a
# run that was interrupted or raced by another leaves nothing half made.
set -eu

out=${1:?usage: make-pki.sh OUTDIR}
[ -s "$out/rogue-server.pem" ] && exit 0
mkdir -p "$out"
work=$(mktemp -d "$out/.pki.XXXXXX")
trap 'rm -rf "$work"' EXIT
umask 077
cd "$work"

key() {
    openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key"
}

ca() { # NAME COMMON_NAME
    key "$1"
    openssl req -x509 -new -key "$1.key" -subj "/CN=$2" -days 3650 -sha256 \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$1.pem" 2>/dev/null
}

server() { # NAME CA SUBJECT_ALT_NAMES
    key "$1"
    openssl req -new -key "$1.key" -subj "/CN=vpnctl test provider" -out "$1.csr" 2>/dev/null
    printf '%s\n' "subjectAltName=$3" "basicConstraints=critical,CA:FALSE" \
        "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" \
        "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" >"$1.ext"
    openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -set_serial "0x$(openssl rand -hex 16)" \
        -days 825 -sha256 -extfile "$1.ext" -out "$1.pem" 2>/dev/null
    rm "$1.csr" "$1.ext"
}

ca ca "vpnctl lab CA"
server server ca "DNS:localhost,IP:127.0.0.1"
server wronghost-server ca "DNS:wrong-host.invalid"
ca rogue-ca "vpnctl rogue CA"
server rogue-server rogue-ca "DNS:localhost,IP:127.0.0.1"
chmod 644 ./*.pem

# rogue-server.pem last: its presence marks a complete OUTDIR.
for file in ca.key ca.pem server.key server.pem wronghost-server.key wronghost-server.pem \
    rogue-ca.key rogue-ca.pem rogue-server.key rogue-server.pem; do
    mv -f "$file" "$out/$file"
done
