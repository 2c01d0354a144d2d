import VPNCore

/// Why a downloaded or cached server list was not accepted. Every case names
/// the entry and the field, so a provider can fix the list from the message.
public enum ServerListParseError: Error, Sendable, Hashable, CustomStringConvertible {
    case tooLarge(bytes: Int, limit: Int)
    case notJSON(JSONParseError)
    case unsupportedSchema(String)
    case invalidField(path: String, problem: FieldProblem)
    case inconsistent(ServerListError)

    public var description: String {
        let detail: String = switch self {
        case let .tooLarge(bytes, limit):
            "it is \(bytes) bytes, more than the limit of \(limit)"
        case let .notJSON(error):
            "it is not valid JSON (\(error))"
        case let .unsupportedSchema(found):
            "schema \(found) is not supported (this vpnctl reads schema 1; update vpnctl)"
        case let .invalidField(path, problem):
            "\(path): \(problem)"
        case let .inconsistent(error):
            error.description
        }
        return "The server list was rejected: \(detail)."
    }
}

/// What is wrong with one field.
public enum FieldProblem: Sendable, Hashable, CustomStringConvertible {
    case missing
    case wrongType(expected: String, found: String)
    case outOfRange(expected: String, found: String)
    case invalid(expected: String)
    case controlCharacter
    case tooLong(limit: Int)

    public var description: String {
        switch self {
        case .missing: "is missing"
        case let .wrongType(expected, found): "expected \(expected), found \(found)"
        case let .outOfRange(expected, found): "expected \(expected), found \(found)"
        case let .invalid(expected): "is not \(expected)"
        case .controlCharacter: "contains a control character or line break, which is not allowed"
        case let .tooLong(limit): "is longer than \(limit) characters"
        }
    }
}
