/// The account as the provider reports it.
public struct Account: Sendable, Hashable, Codable {
    public var tier: Tier
    public var devices: DeviceAllowance

    public init(tier: Tier, devices: DeviceAllowance) {
        self.tier = tier
        self.devices = devices
    }

    /// What the client assumes when it has no token: the free tier.
    public static let anonymous = Account(tier: .free, devices: DeviceAllowance(max: 1, used: 0))
}

public struct DeviceAllowance: Sendable, Hashable, Codable {
    public var max: Int
    public var used: Int

    public init(max: Int, used: Int) {
        self.max = max
        self.used = used
    }
}
