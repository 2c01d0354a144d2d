#!/bin/sh
# make-pki.sh OUTDIR: the lab's own CA and the provider API's certificate
# for its lab address (EC P-256). Tests/Fixtures/provider-api/make-pki.sh makes
# certificates for 127.0.0.1 only; in the lab the API answers on 198.51.100.10.
#
#   ca.pem                 the lab CA (client configurations trust it: ca_file)
#   server.pem, server.key the provider API, for IP 198.51.100.10
#
# Files appear all at once (server.pem last), so an interrupted run leaves
# nothing half made.
set -eu

out=${1:?usage: make-pki.sh OUTDIR}
address=${2:-198.51.100.10}
mkdir -p "$out"
work=$(mktemp -d "$out/.pki.XXXXXX")
trap 'rm -rf "$work"' EXIT
umask 077
cd "$work"

openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key
openssl req -x509 -new -key ca.key -subj "/CN=vpnlab CA" -days 30 -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem 2>/dev/null

openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out server.key
openssl req -new -key server.key -subj "/CN=vpnlab provider API" -out server.csr 2>/dev/null
printf '%s\n' "subjectAltName=IP:$address" "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" \
    "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" >server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -set_serial "0x$(openssl rand -hex 16)" \
    -days 30 -sha256 -extfile server.ext -out server.pem 2>/dev/null
chmod 644 ca.pem server.pem

for file in ca.key ca.pem server.key server.pem; do
    mv -f "$file" "$out/$file"
done
