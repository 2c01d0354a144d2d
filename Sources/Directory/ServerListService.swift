import Foundation
import VPNCore

/// Fetches, verifies, parses and caches the provider's server list.
///
/// Nothing is parsed before its signature checks out, and nothing replaces
/// the cache unless it was verified and parsed first: a failed or forged
/// download leaves the last good list in place. A signed list can still be
/// an old one replayed: one generated before the cached list is refused,
/// and so is one past its expiry by more than `expiryGrace`.
public struct ServerListService: Sendable {
    public let apiURL: String
    public let publicKey: DirectoryPublicKey
    public let http: HTTPClient
    public let cache: DirectoryCache
    /// How old a cached list may be before it is refreshed on use.
    public var maximumAge: Duration = .seconds(3600)
    /// How long past its `expires_at` a list is still used, with a warning,
    /// when nothing newer can be had: a provider late to publish should not
    /// cut its users off at once, and a list replayed from long ago must not
    /// be taken.
    public var expiryGrace: Duration = .seconds(24 * 3600)
    public var now: @Sendable () -> Date = { Date() }

    public init(apiURL: String, publicKey: DirectoryPublicKey, http: HTTPClient, cache: DirectoryCache) {
        self.apiURL = apiURL.hasSuffix("/") ? apiURL : apiURL + "/"
        self.publicKey = publicKey
        self.http = http
        self.cache = cache
    }

    public enum Freshness: Sendable {
        /// Use the cache while it is young and not expired; fall back to it when
        /// a refresh fails.
        case cachedIfFresh
        /// Always ask the provider; a failure is an error (the cache stays).
        case refresh
    }

    /// The list, verified, from the cache or the provider.
    public func serverList(_ freshness: Freshness = .cachedIfFresh) async throws(DirectoryError) -> ServerListResult<ServerList> {
        var warnings: [String] = []
        var cached: CachedServerList?
        do {
            cached = try cache.loadServerList(verifiedWith: publicKey)
        } catch {
            warnings.append("ignoring the cached server list: \(error)")
        }

        if freshness == .cachedIfFresh, let cached {
            let age = now().timeIntervalSince(cached.fetchedAt)
            if age >= 0, age < maximumAge.seconds, !cached.list.isExpired(at: now()) {
                return ServerListResult(list: cached.list, origin: .cache(fetchedAt: cached.fetchedAt), warnings: warnings)
            }
        }

        let fresh: CachedServerList?
        do {
            fresh = try await download(ifNoneMatch: cached?.etag)
            if let fresh { try check(fresh.list, against: cached?.list) }
        } catch {
            guard freshness == .cachedIfFresh, let cached else { throw error }
            try refuseIfPastGrace(cached.list, because: "no newer one could be fetched (\(error.shortDescription))")
            warnings.append("could not refresh the server list (\(error.shortDescription)); using the copy fetched \(RFC3339.format(cached.fetchedAt))")
            if let expiry = cached.list.expiresAt, cached.list.isExpired(at: now()) {
                warnings.append("that copy expired at \(RFC3339.format(expiry))")
            }
            return ServerListResult(list: cached.list, origin: .cache(fetchedAt: cached.fetchedAt), warnings: warnings)
        }

        guard let fresh else {
            // 304: the cached copy is current; note when it was last confirmed.
            let current = cached!
            try refuseIfPastGrace(current.list, because: "the provider has no newer one")
            do {
                try cache.store(current.refreshed(at: now()))
            } catch {
                warnings.append("could not update the cache: \(error)")
            }
            if let expiry = current.list.expiresAt, current.list.isExpired(at: now()) {
                warnings.append("the server list expired at \(RFC3339.format(expiry)) and the provider has no newer one; using it anyway")
            }
            return ServerListResult(list: current.list, origin: .notModified, warnings: warnings)
        }
        do { try cache.store(fresh) } catch { warnings.append("could not cache the server list: \(error)") }
        if let expiry = fresh.list.expiresAt, fresh.list.isExpired(at: now()) {
            warnings.append("the provider's server list expired at \(RFC3339.format(expiry)); it is used until a newer one is published")
        }
        return ServerListResult(list: fresh.list, origin: .downloaded, warnings: warnings)
    }

    /// A signed download is still refused when it is older than the list
    /// cached (a replay) or long expired.
    private func check(_ fresh: ServerList, against cached: ServerList?) throws(DirectoryError) {
        if let cached, fresh.generatedAt < cached.generatedAt {
            throw .rejected(.rollback(offered: fresh.generatedAt, cached: cached.generatedAt))
        }
        if let expiry = fresh.expiresAt, now().timeIntervalSince(expiry) > expiryGrace.seconds {
            throw .rejected(.expired(at: expiry))
        }
    }

    /// A list past its expiry by more than the grace period is not used,
    /// however it came.
    private func refuseIfPastGrace(_ list: ServerList, because reason: String) throws(DirectoryError) {
        guard let expiry = list.expiresAt, now().timeIntervalSince(expiry) > expiryGrace.seconds else { return }
        throw .stale(expiredAt: expiry, reason: reason)
    }

    /// Nil when the provider answered 304 to `etag`.
    private func download(ifNoneMatch etag: String?) async throws(DirectoryError) -> CachedServerList? {
        let response: HTTPResponse
        do throws(HTTPError) {
            var request = HTTPRequest(url: apiURL + "servers.json")
            request.ifNoneMatch = etag
            response = try await http.fetch(request)
            if response.status == 304 {
                guard etag != nil else { throw HTTPError.status(304, url: request.url, snippet: nil) }
                return nil
            }
        } catch {
            throw .unreachable(error)
        }
        let signature: HTTPResponse
        do {
            signature = try await http.fetch(HTTPRequest(url: apiURL + "servers.json.sig"))
        } catch {
            if case .status(404, _, _) = error { throw .rejected(.signature(.missingSignature)) }
            throw .unreachable(error)
        }
        let document: VerifiedDocument
        do {
            document = try publicKey.verify(response.body, signature: signature.body)
        } catch {
            throw .rejected(.signature(error))
        }
        return CachedServerList(list: try parse(document), document: document, etag: response.etag, fetchedAt: now())
    }

    private func parse(_ document: VerifiedDocument) throws(DirectoryError) -> ServerList {
        do {
            return try ServerListParser.parse(document.bytes)
        } catch {
            throw .rejected(.parse(error))
        }
    }
}

/// A usable server list and where it came from.
public struct ServerListResult<Catalog: Sendable>: Sendable {
    public enum Origin: Sendable, Hashable {
        case downloaded
        case notModified
        case cache(fetchedAt: Date)
    }

    public let list: Catalog
    public let origin: Origin
    /// Things the user should know (stale copy, expired list), one sentence each.
    public let warnings: [String]
}

extension DirectoryError {
    /// The cause without the advice, for use inside another sentence.
    var shortDescription: String {
        switch self {
        case let .unreachable(error): error.description
        case let .rejected(rejection): rejection.description
        case let .cache(error): error.description
        case let .account(error): error.description
        case .stale: description
        }
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
