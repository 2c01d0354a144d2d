#!/bin/sh
# openvpn-verify.sh ALLOWED-TOKENS CREDENTIALS: the lab's OpenVPN servers'
# auth-user-pass-verify script (via-file). CREDENTIALS, written by openvpn,
# holds the username and the password on two lines; the product's contract
# is username `vpnctl` and the account token as password. ALLOWED-TOKENS
# (0600) lists the tokens this server accepts, one a line. Exit 0 accepts.
#
# The password is compared in the shell, never passed to another program's
# arguments, where any process could read it.
allowed=${1:?usage: openvpn-verify.sh ALLOWED-TOKENS CREDENTIALS}
credentials=${2:?usage: openvpn-verify.sh ALLOWED-TOKENS CREDENTIALS}
{ IFS= read -r user && IFS= read -r password; } <"$credentials" || exit 1
[ "$user" = vpnctl ] && [ -n "$password" ] || exit 1
while IFS= read -r token; do
    [ "$token" = "$password" ] && exit 0
done <"$allowed"
exit 1
