import Addressing
/// What may pass outside the tunnel in one state of the connection, as
/// data: `FirewallPolicy.for(_:settings:environment:)` computes it, the
/// Firewall module turns it into nftables rules. Modelled on Mullvad's
/// talpid-core: a policy per tunnel state, the endpoint reachable only by
/// the daemon's and its plugins' own (marked) packets, DNS only to the
/// tunnel's resolvers, everything else rejected.
public struct FirewallPolicy: Sendable, Hashable {
    /// The fwmark on every packet vpnctl sends outside the tunnel on purpose:
    /// the tunnel's transport (WireGuard's fwmark, OpenVPN's `mark`,
    /// charon's socket and output marks), the router probe, the provider API
    /// requests. Also wg-quick's routing mark (FullTunnelRouting), so marked
    /// packets take the main table, around the tunnel.
    public static let mark: UInt32 = 0xCA6C

    /// Everything not allowed below is stopped (kill switch, lockdown).
    /// False while connected without the kill switch: only the tunnel's
    /// leak guards apply (DNS, IPv6 around an IPv4-only tunnel, packets to
    /// the tunnel's address from outside it).
    public var blocking: Bool
    /// Hosts reached outside the tunnel, by marked packets only.
    public var relays: [Relay]
    /// Networks reachable while blocking (`allow_lan`); empty when the LAN
    /// is blocked too.
    public var localNetworks: [IPNetwork]
    /// The tunnel, once one is up.
    public var tunnel: TunnelPassage?

    public init(blocking: Bool, relays: [Relay] = [], localNetworks: [IPNetwork] = [], tunnel: TunnelPassage? = nil) {
        self.blocking = blocking
        self.relays = relays
        self.localNetworks = localNetworks
        self.tunnel = tunnel
    }
}

/// A host outside the tunnel that vpnctl's own packets may reach.
public struct Relay: Sendable, Hashable {
    public enum Purpose: String, Sendable, Hashable {
        /// The VPN server of the attempt: its transport and the router probe.
        case server
        /// The provider API: the server list, the account, devices.
        case api
    }

    public var address: IPAddress
    /// nil: every port and protocol (the probe tries many).
    public var port: UInt16?
    public var purpose: Purpose

    public init(address: IPAddress, port: UInt16? = nil, purpose: Purpose) {
        self.address = address
        self.port = port
        self.purpose = purpose
    }
}

/// The tunnel as the firewall sees it.
public struct TunnelPassage: Sendable, Hashable {
    public var interface: String
    /// The tunnel's own addresses: packets for them must come through it
    /// (CVE-2019-14899).
    public var addresses: [IPAddress]
    /// The only resolvers DNS may reach, through the tunnel. Empty: the
    /// server names none, so DNS may go to any address through the tunnel.
    public var resolvers: [IPAddress]
    /// Whether IPv6 goes through the tunnel; when not, it is stopped.
    public var carriesIPv6: Bool

    public init(interface: String, addresses: [IPAddress], resolvers: [IPAddress], carriesIPv6: Bool) {
        self.interface = interface
        self.addresses = addresses
        self.resolvers = resolvers
        self.carriesIPv6 = carriesIPv6
    }
}
