print("vpnlab: not built yet")
