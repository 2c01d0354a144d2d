print("vpnctl-provider")
