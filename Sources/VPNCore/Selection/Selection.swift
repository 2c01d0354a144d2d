/// The server chosen for a connection, and why, in words for the user.
public struct Selection: Sendable, Hashable {
    public let server: Server
    public let location: Location
    /// "lowest load in Frankfurt, Germany (12%)".
    public let reason: String

    public init(server: Server, location: Location, reason: String) {
        self.server = server
        self.location = location
        self.reason = reason
    }
}
