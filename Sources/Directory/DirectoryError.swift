import Foundation

/// Why the server list or the account could not be had.
public enum DirectoryError: Error, Sendable, CustomStringConvertible {
    /// The download failed and no cached copy exists.
    case unreachable(HTTPError)
    /// The provider answered with something unacceptable.
    case rejected(ServerListRejection)
    case cache(CacheError)
    case account(AccountError)
    /// The only list there is expired longer ago than the grace period allows.
    case stale(expiredAt: Date, reason: String)

    public var description: String {
        switch self {
        case let .unreachable(error): "Cannot fetch the server list: \(error). No cached copy exists yet; try again when the provider is reachable."
        case let .rejected(rejection): rejection.description
        case let .cache(error): "Cache problem: \(error)."
        case let .account(error): error.description
        case let .stale(expiry, reason):
            "The server list expired at \(RFC3339.format(expiry)) and \(reason); a list that long past its expiry is not used. Check that the provider is reachable, then run `vpnctl refresh`."
        }
    }
}

/// A downloaded list that was refused; the cache is left as it was.
public enum ServerListRejection: Error, Sendable, CustomStringConvertible {
    case signature(SignatureError)
    case parse(ServerListParseError)
    /// Signed, but generated before the list already cached: a replay.
    case rollback(offered: Date, cached: Date)
    /// Signed, but past its `expires_at` by more than the grace period.
    case expired(at: Date)

    public var description: String {
        switch self {
        case let .signature(error): "The server list was rejected: \(error)."
        case let .parse(error): error.description
        case let .rollback(offered, cached):
            "The server list was rejected: it was generated at \(RFC3339.format(offered)), before the cached one (\(RFC3339.format(cached))); an older list is never taken over a newer one, as it may be a replay. The cached list stays in use."
        case let .expired(expiry):
            "The server list was rejected: it expired at \(RFC3339.format(expiry)), too long ago to be used. The provider (or someone between) is serving an outdated list."
        }
    }
}
