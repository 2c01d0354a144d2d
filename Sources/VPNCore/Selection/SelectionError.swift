/// Why no server could be chosen for what the user asked.
public enum SelectionError: Error, Sendable, Hashable, CustomStringConvertible {
    case emptyQuery
    case queryTooLong(length: Int, limit: Int)
    case controlCharacterInQuery(Unicode.Scalar)
    /// Several locations match equally well; `candidates` in place order.
    case ambiguous(query: String, candidates: [Location])
    /// Nothing matches; `suggestions` are the nearest names, nearest first,
    /// as "Frankfurt (de-fra)" or "Germany (DE)".
    case unknownLocation(query: String, suggestions: [String])
    /// A free account asked for a location, country or server that only
    /// Premium may use. `freeLocations` are those it may use, in place order.
    case requiresPremium(location: LocationMatch, freeLocations: [Location])
    /// None of the servers the account may use there is online. A nil
    /// location means anywhere (`fastest`).
    case noServerOnline(location: LocationMatch?)
    /// Servers are online but none offers the protocol (nil: none offers any).
    /// `offered` is what the online ones do offer.
    case protocolNotOffered(ProtocolName?, location: LocationMatch?, offered: [ProtocolName])

    /// Candidates listed in a message; the error value keeps them all.
    private static let listedCandidates = 10

    public var description: String {
        switch self {
        case .emptyQuery:
            return "No location given. Name a location id (such as de-fra), a country code (de), a country or city, or use fastest."
        case let .queryTooLong(length, limit):
            return "The location name is \(length) characters long; at most \(limit) are allowed. Name a location id, country code, country or city."
        case let .controlCharacterInQuery(scalar):
            let code = String(scalar.value, radix: 16, uppercase: true)
            return "The location name contains the control character U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code). Type the name again without it."
        case let .ambiguous(query, candidates):
            var listed = candidates.prefix(Self.listedCandidates).map(Self.idAndPlace).joined(separator: ", ")
            if candidates.count > Self.listedCandidates {
                listed += " and \(candidates.count - Self.listedCandidates) more"
            }
            return "\(query.debugDescription) matches several locations: \(listed). Use one of these ids."
        case let .unknownLocation(query, suggestions):
            let known = "No location matches \(query.debugDescription)."
            if suggestions.isEmpty {
                return known + " vpnctl locations lists them all."
            }
            return known + " Did you mean " + suggestions.joined(separator: ", ") + "?"
        case let .requiresPremium(location, freeLocations):
            let needs = Self.capitalized("\(location) needs a Premium account.")
            if freeLocations.isEmpty {
                return needs + " The list has no free locations; upgrade to connect."
            }
            return needs + " Free locations: " + freeLocations.map(Self.idAndPlace).joined(separator: ", ")
                + ". Upgrade, or pick a free location."
        case let .noServerOnline(location):
            if case let .server(server) = location {
                return "Server \(server.id) is offline right now. Try its location, \(server.location), or fastest."
            }
            if let location {
                return "No server you can use in \(location) is online right now. Try another location, or fastest."
            }
            return "No server you can use is online right now. Try again later, or refresh the server list."
        case let .protocolNotOffered(wanted, location, offered):
            if case let .server(server) = location {
                guard !offered.isEmpty else {
                    return "Server \(server.id) offers no protocol. Pick another server or its location, \(server.location)."
                }
                return "Server \(server.id) does not offer \(wanted?.rawValue ?? "any protocol"). It offers "
                    + offered.map(\.rawValue).joined(separator: ", ") + ": pick one of those, or another server."
            }
            let place = location.map { " in \($0)" } ?? " you can use"
            let what = wanted.map(\.rawValue) ?? "any protocol"
            let missing = "No online server\(place) offers \(what)."
            if offered.isEmpty {
                return missing + " Try another location."
            }
            let there = location == nil ? "They" : "Servers there"
            return missing + " \(there) offer " + offered.map(\.rawValue).joined(separator: ", ")
                + ": pick one of those, or another location."
        }
    }

    /// "de-fra (Frankfurt, Germany)".
    static func idAndPlace(_ location: Location) -> String {
        "\(location.id) (\(location.displayName))"
    }

    private static func capitalized(_ sentence: String) -> String {
        sentence.prefix(1).uppercased() + sentence.dropFirst()
    }
}
