/// What the user asked for in `vpnctl connect [LOCATION|fastest]` and
/// `vpnctl servers [LOCATION]`.
public enum LocationQuery: Sendable, Hashable, CustomStringConvertible {
    /// The best server of every location the account may use.
    case fastest
    /// A location id, server id, alias, country code, country or city name,
    /// as typed (trimmed); `LocationResolver` decides what it means.
    case named(String)

    /// Longer input is no place name; the bound also caps the work of matching.
    public static let maximumLength = 100

    /// Accepts what a user may type: "fastest" in any case, or a name of at
    /// most `maximumLength` characters without control characters.
    public init(parsing text: String) throws(SelectionError) {
        let name = try Self.validatedName(text)
        self = name.lowercased() == "fastest" ? .fastest : .named(name)
    }

    public var description: String {
        switch self {
        case .fastest: "fastest"
        case let .named(name): name
        }
    }

    /// `text` without surrounding white space, or why it cannot name a place.
    static func validatedName(_ text: String) throws(SelectionError) -> String {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { throw .emptyQuery }
        let name = scalars[first...last]
        // Count scalars, not characters: one character can carry any number of
        // combining marks, and it is scalars that matching walks over.
        guard name.count <= maximumLength else { throw .queryTooLong(length: name.count, limit: maximumLength) }
        if let control = name.first(where: isControl) {
            throw .controlCharacterInQuery(control)
        }
        return String(String.UnicodeScalarView(name))
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        // Format characters include the bidirectional overrides that can make
        // an echoed name read differently from what it is.
        case .control, .format, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }
}
