/// Reading and changing one setting by name, and what a change means for
/// the user (`vpnctl set` prints it).
extension ProtectionSettings {
    public subscript(setting: ProtectionSetting) -> Bool {
        get {
            switch setting {
            case .killSwitch: killSwitch
            case .lockdown: lockdown
            case .allowLAN: allowLAN
            }
        }
        set {
            switch setting {
            case .killSwitch: killSwitch = newValue
            case .lockdown: lockdown = newValue
            case .allowLAN: allowLAN = newValue
            }
        }
    }

    /// What `setting`'s value in these (new) settings means, where the user
    /// gave up protection or took on a block they might not expect; nil
    /// where the change needs no words.
    public func notice(after setting: ProtectionSetting) -> String? {
        switch (setting, self[setting]) {
        case (.killSwitch, false) where lockdown:
            "The kill switch is off, but lockdown is on: nothing leaves this machine outside the tunnel until lockdown is turned off (vpnctl set lockdown off)."
        case (.killSwitch, false):
            "The kill switch is off: while connecting, after a failed connection, or if the tunnel dies, traffic may leave this machine outside the tunnel, from your own address. Turn it back on with vpnctl set kill-switch on."
        case (.lockdown, true):
            "Lockdown is on: nothing leaves this machine without the tunnel, even when disconnected, until lockdown is turned off (vpnctl set lockdown off)"
                + (allowLAN ? "; the local network stays reachable." : ", the local network included.")
        case (.lockdown, false) where !killSwitch:
            "Lockdown is off, and so is the kill switch: traffic leaves outside the tunnel while disconnected, and may while connecting or if the tunnel dies."
        case (.lockdown, false):
            "Lockdown is off: while disconnected, traffic leaves without the tunnel."
        case (.allowLAN, false):
            "The local network (printers, file shares, the router's own page) is not reachable while traffic outside the tunnel is blocked."
        case (.killSwitch, true), (.allowLAN, true):
            nil
        }
    }
}
