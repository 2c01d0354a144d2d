/// One line of `vpnctl locations`.
public struct LocationSummary: Sendable, Hashable {
    public let location: Location
    /// Free when the location has at least one free server.
    public let tier: Tier
    /// Whether this account may connect there.
    public let isAvailable: Bool
    /// All servers of the location, online or not, of either tier.
    public let serverCount: Int
    /// The lowest load among the online servers this account may use there;
    /// nil when there is none.
    public let bestLoad: Load?

    public init(location: Location, tier: Tier, isAvailable: Bool, serverCount: Int, bestLoad: Load?) {
        self.location = location
        self.tier = tier
        self.isAvailable = isAvailable
        self.serverCount = serverCount
        self.bestLoad = bestLoad
    }
}
