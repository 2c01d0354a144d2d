import VPNCore

/// `vpnctl account --json` (README: JSON output). The token never leaves
/// the daemon.
public struct AccountSummary: Sendable, Hashable, Codable {
    /// Where the answer came from.
    public enum Source: String, Sendable, Hashable, Codable {
        /// No `account_token_file` is configured: the free tier.
        case noToken = "no_token"
        case provider
        /// The provider was unreachable: the last answer kept.
        case cache
    }

    public var tier: Tier
    public var devices: DeviceAllowance
    public var source: Source

    public init(tier: Tier, devices: DeviceAllowance, source: Source) {
        self.tier = tier
        self.devices = devices
        self.source = source
    }
}
