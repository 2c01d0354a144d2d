/// Why the server list or the account could not be had.
public enum DirectoryError: Error, Sendable, CustomStringConvertible {
    /// The download failed and no cached copy exists.
    case unreachable(HTTPError)
    /// The provider answered with something unacceptable.
    case rejected(ServerListRejection)
    case cache(CacheError)
    case account(AccountError)

    public var description: String {
        switch self {
        case let .unreachable(error): "Cannot fetch the server list: \(error). No cached copy exists yet; try again when the provider is reachable."
        case let .rejected(rejection): rejection.description
        case let .cache(error): "Cache problem: \(error)."
        case let .account(error): error.description
        }
    }
}

/// A downloaded list that was refused; the cache is left as it was.
public enum ServerListRejection: Error, Sendable, CustomStringConvertible {
    case signature(SignatureError)
    case parse(ServerListParseError)

    public var description: String {
        switch self {
        case let .signature(error): "The server list was rejected: \(error)."
        case let .parse(error): error.description
        }
    }
}
