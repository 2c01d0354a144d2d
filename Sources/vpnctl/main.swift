print("vpnctl")
