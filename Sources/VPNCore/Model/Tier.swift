/// What an account may use. Premium can use everything free can.
public enum Tier: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case free
    case premium

    public static func < (lhs: Tier, rhs: Tier) -> Bool {
        lhs == .free && rhs == .premium
    }

    /// Whether an account of this tier may use a server of `serverTier`.
    public func canUse(_ serverTier: Tier) -> Bool {
        serverTier <= self
    }
}
