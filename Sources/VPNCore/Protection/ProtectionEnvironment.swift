import Addressing
/// Facts about the machine that the policy depends on and the daemon
/// gathers: the local networks and where the provider API is.
public struct ProtectionEnvironment: Sendable, Hashable {
    /// The networks of the machine's own links (never a tunnel's), as read
    /// when no tunnel was up.
    public var localNetworks: [IPNetwork]
    /// The provider API's addresses and port.
    public var api: [Relay]

    public init(localNetworks: [IPNetwork] = [], api: [Relay] = []) {
        self.localNetworks = localNetworks
        self.api = api
    }

    /// What every LAN has beside its own subnets: link-local addresses, the
    /// link-local and SSDP multicast groups, the limited broadcast.
    public static let linkLocalNetworks: [IPNetwork] = [
        "169.254.0.0/16", "224.0.0.0/24", "239.255.255.250/32", "255.255.255.255/32", "fe80::/10", "ff02::/16",
    ].map { IPNetwork($0)! }
}
