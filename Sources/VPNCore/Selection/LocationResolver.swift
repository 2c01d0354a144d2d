/// Finds the location, country or server a name typed by the user means.
///
/// Resolving is a few dictionary look-ups in the list's `LocationIndex`
/// and, failing those, one pass over its entries.
public struct LocationResolver: Sendable {
    private let list: any ServerCatalog
    private let index: LocationIndex
    private var entries: [LocationIndex.Entry] { index.entries }

    /// Prefixes shorter than this are not matched: one or two letters are a
    /// country code (or a slip), and "fr" must not quietly mean Frankfurt in a
    /// list without France.
    public static let minimumPrefixLength = 3
    public static let maximumSuggestions = 5

    public init(list: any ServerCatalog) {
        self.list = list
        index = list.locationIndex
    }

    /// What `name` means. In order, the first that matches wins: a location
    /// id, a server id, an alias, a two-letter country code, a city, a
    /// country; then a unique prefix (at least `minimumPrefixLength` long) of
    /// a city, country, alias or location id. Case, accents, and `-`/`_`
    /// versus spaces do not matter in names.
    public func resolve(_ name: String) throws(SelectionError) -> LocationMatch {
        let name = try LocationQuery.validatedName(name)
        if let id = LocationID(rawValue: name), let location = list.location(id) {
            return .location(location)
        }
        if let id = ServerID(rawValue: name), let server = list.server(id) {
            return .server(server)
        }
        let key = FoldedText(name)
        if let hits = index.byAlias[key] {
            return try onlyLocation(hits, query: name)
        }
        if key.rawValue.utf8.count == 2, let code = CountryCode(rawValue: key.rawValue), let hits = index.byCountryCode[code] {
            return .country(code, hits.map { entries[$0].location })
        }
        if let hits = index.byCity[key] {
            return try onlyLocation(hits, query: name)
        }
        if let hits = index.byCountryName[key] {
            return try onlyCountry(hits, query: name)
        }
        if key.rawValue.unicodeScalars.count >= Self.minimumPrefixLength, let match = try prefixMatch(key, query: name) {
            return match
        }
        throw .unknownLocation(query: name, suggestions: suggestions(for: key))
    }

    /// The list's locations in a country, in place order.
    public func locations(in country: CountryCode) -> [Location] {
        (index.byCountryCode[country] ?? []).map { entries[$0].location }
    }

    private func onlyLocation(_ hits: [Int], query: String) throws(SelectionError) -> LocationMatch {
        guard hits.count == 1 else {
            throw .ambiguous(query: query, candidates: hits.map { entries[$0].location })
        }
        return .location(entries[hits[0]].location)
    }

    /// Two countries could share a name only in a sloppy list; say so rather
    /// than pick one.
    private func onlyCountry(_ hits: [Int], query: String) throws(SelectionError) -> LocationMatch {
        let code = entries[hits[0]].location.countryCode
        guard hits.allSatisfy({ entries[$0].location.countryCode == code }) else {
            throw .ambiguous(query: query, candidates: hits.map { entries[$0].location })
        }
        return .country(code, locations(in: code))
    }

    /// A country whose name starts with the key covers its own locations that
    /// match too ("swi" is Switzerland, whatever its cities are called).
    private func prefixMatch(_ key: FoldedText, query: String) throws(SelectionError) -> LocationMatch? {
        var countries: [CountryCode] = []
        var locations: Set<Int> = []
        for (index, entry) in entries.enumerated() {
            let code = entry.location.countryCode
            if entry.country.hasPrefix(key), !countries.contains(code) {
                countries.append(code)
            }
            if entry.city.hasPrefix(key) || entry.id.hasPrefix(key) || entry.aliases.contains(where: { $0.hasPrefix(key) }) {
                locations.insert(index)
            }
        }
        let coveredCountries = Set(countries)
        locations = locations.filter { !coveredCountries.contains(entries[$0].location.countryCode) }
        switch (countries.count, locations.count) {
        case (0, 0):
            return nil
        case (1, 0):
            return .country(countries[0], self.locations(in: countries[0]))
        case (0, 1):
            return .location(entries[locations.first!].location)
        default:
            let candidates = entries.indices
                .filter { locations.contains($0) || coveredCountries.contains(entries[$0].location.countryCode) }
                .map { entries[$0].location }
            throw .ambiguous(query: query, candidates: candidates)
        }
    }

    /// The names nearest to the key by Damerau–Levenshtein distance on folded
    /// text, nearest first. Allowed distance grows with the key's length (one
    /// slip in four or five letters, at most three) so short typos find their
    /// place while unrelated words find nothing.
    private func suggestions(for key: FoldedText) -> [String] {
        let typed = Array(key.rawValue.unicodeScalars)
        guard !typed.isEmpty else { return [] }
        let limit = min(3, max(1, (typed.count + 1) / 3))
        func distance(_ name: FoldedText) -> Int? {
            let candidate = Array(name.rawValue.unicodeScalars)
            guard abs(candidate.count - typed.count) <= limit else { return nil }
            let distance = EditDistance.damerauLevenshtein(typed, candidate)
            return distance <= limit ? distance : nil
        }
        // Entries are in place order and the sort is stable, so equal
        // distances come out in place order.
        var found: [(distance: Int, text: String)] = []
        var countriesSeen: Set<CountryCode> = []
        for entry in entries {
            let location = entry.location
            let names = [entry.city, entry.id] + entry.aliases
            if let nearest = names.compactMap(distance).min() {
                found.append((nearest, "\(location.city) (\(location.id))"))
            }
            if countriesSeen.insert(location.countryCode).inserted, let nearest = distance(entry.country) {
                found.append((nearest, "\(location.country) (\(location.countryCode))"))
            }
        }
        return found.enumerated()
            .sorted { ($0.element.distance, $0.offset) < ($1.element.distance, $1.offset) }
            .prefix(Self.maximumSuggestions)
            .map(\.element.text)
    }
}
