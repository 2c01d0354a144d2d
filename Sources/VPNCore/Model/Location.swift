/// A place servers stand in, as the server list describes it.
public struct Location: Sendable, Hashable, Codable, Identifiable {
    public var id: LocationID
    public var countryCode: CountryCode
    public var country: String
    public var city: String
    public var aliases: [String]
    public var coordinate: Coordinate?

    public init(id: LocationID, countryCode: CountryCode, country: String, city: String, aliases: [String] = [], coordinate: Coordinate? = nil) {
        self.id = id
        self.countryCode = countryCode
        self.country = country
        self.city = city
        self.aliases = aliases
        self.coordinate = coordinate
    }

    /// "Frankfurt, Germany".
    public var displayName: String { "\(city), \(country)" }
}
