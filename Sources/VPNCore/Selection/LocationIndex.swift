/// A list's locations with every name folded and in place order: what
/// resolving a typed name and sorting by place need, built once per list
/// rather than per question (for 300 locations, folding and sorting is most
/// of a `servers` request's time).
public struct LocationIndex: Sendable, Hashable {
    /// One location with its names folded.
    struct Entry: Sendable, Hashable {
        let location: Location
        let id: FoldedText
        let city: FoldedText
        let country: FoldedText
        let aliases: [FoldedText]
    }

    /// In place order (country, city, id), so every answer comes out in place order too.
    let entries: [Entry]
    let byAlias: [FoldedText: [Int]]
    let byCity: [FoldedText: [Int]]
    let byCountryName: [FoldedText: [Int]]
    let byCountryCode: [CountryCode: [Int]]
    /// A location's position in place order.
    let placeRank: [LocationID: Int]

    public init(_ locations: [Location]) {
        var entries: [Entry] = []
        var byAlias: [FoldedText: [Int]] = [:]
        var byCity: [FoldedText: [Int]] = [:]
        var byCountryName: [FoldedText: [Int]] = [:]
        var byCountryCode: [CountryCode: [Int]] = [:]
        var placeRank: [LocationID: Int] = [:]
        for (index, location) in locations.sortedByPlace().enumerated() {
            var aliases: [FoldedText] = []
            for alias in location.aliases.map(FoldedText.init) where !alias.isEmpty && !aliases.contains(alias) {
                aliases.append(alias)
                byAlias[alias, default: []].append(index)
            }
            let entry = Entry(
                location: location, id: FoldedText(location.id.rawValue), city: FoldedText(location.city),
                country: FoldedText(location.country), aliases: aliases
            )
            entries.append(entry)
            byCity[entry.city, default: []].append(index)
            byCountryName[entry.country, default: []].append(index)
            byCountryCode[location.countryCode, default: []].append(index)
            placeRank[location.id] = index
        }
        self.entries = entries
        self.byAlias = byAlias
        self.byCity = byCity
        self.byCountryName = byCountryName
        self.byCountryCode = byCountryCode
        self.placeRank = placeRank
    }

    /// Every location in place order.
    public var places: [Location] { entries.map(\.location) }
}
