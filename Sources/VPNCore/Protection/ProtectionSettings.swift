/// What the user chose about traffic outside the tunnel: the
/// `[connection]` keys `kill_switch`, `lockdown` and `allow_lan`, changed at
/// run time with `vpnctl set`. The defaults are the safe ones.
public struct ProtectionSettings: Sendable, Hashable, Codable {
    /// Blocks traffic outside the tunnel whenever one is wanted but not up:
    /// while preparing, connecting, switching, and after a failure.
    public var killSwitch: Bool
    /// Blocks traffic outside the tunnel also while disconnected, until a
    /// tunnel is up again.
    public var lockdown: Bool
    /// The local network (the subnets of the machine's own links, link-local
    /// and the LAN's multicast) stays reachable while blocking.
    public var allowLAN: Bool

    public init(killSwitch: Bool = true, lockdown: Bool = false, allowLAN: Bool = true) {
        self.killSwitch = killSwitch
        self.lockdown = lockdown
        self.allowLAN = allowLAN
    }

    /// Whether traffic outside the tunnel is stopped while a tunnel is
    /// wanted but not up. Lockdown implies it.
    public var blocksWhileConnecting: Bool { killSwitch || lockdown }

    enum CodingKeys: String, CodingKey {
        case killSwitch = "kill_switch"
        case lockdown
        case allowLAN = "allow_lan"
    }
}
