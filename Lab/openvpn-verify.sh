#!/bin/sh
# openvpn-verify.sh LOGINS CREDENTIALS: the lab's OpenVPN servers'
# auth-user-pass-verify script (via-file). CREDENTIALS, written by openvpn,
# holds the username and the password on two lines; each device logs in with
# the OpenVPN login the provider gave it (never the account token). LOGINS
# (0600, kept by the lab's provider) lists "USERNAME PASSWORD", one a line.
# Exit 0 accepts. The accepted username is logged; the password never is.
#
# The password is compared in the shell, never passed to another program's
# arguments, where any process could read it.
logins=${1:?usage: openvpn-verify.sh LOGINS CREDENTIALS}
credentials=${2:?usage: openvpn-verify.sh LOGINS CREDENTIALS}
{ IFS= read -r user && IFS= read -r password; } <"$credentials" || exit 1
[ -n "$user" ] && [ -n "$password" ] || exit 1
while IFS=' ' read -r known secret; do
    if [ "$known" = "$user" ] && [ "$secret" = "$password" ]; then
        echo "openvpn-verify: accepted $user" >&2
        exit 0
    fi
done <"$logins"
echo "openvpn-verify: refused $user" >&2
exit 1
