/// What a location query resolved to.
public enum LocationMatch: Sendable, Hashable, CustomStringConvertible {
    case location(Location)
    /// Every location in the country, never empty, in place order.
    case country(CountryCode, [Location])
    case server(Server)

    /// "Frankfurt, Germany (de-fra)", "Germany (DE)", "server de-fra-001 (de-fra)".
    public var description: String {
        switch self {
        case let .location(location):
            "\(location.displayName) (\(location.id))"
        case let .country(code, locations):
            "\(locations.first?.country ?? code.rawValue) (\(code))"
        case let .server(server):
            "server \(server.id) (\(server.location))"
        }
    }
}
