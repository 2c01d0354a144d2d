import Foundation
import VPNCore

/// Fetches, verifies, parses and caches the provider's server list.
///
/// Nothing is parsed before its signature checks out, and nothing replaces
/// the cache unless it was verified and parsed first: a failed or forged
/// download leaves the last good list in place.
public struct ServerListService: Sendable {
    public let apiURL: String
    public let publicKey: DirectoryPublicKey
    public let http: HTTPClient
    public let cache: DirectoryCache
    /// How old a cached list may be before it is refreshed on use.
    public var maximumAge: Duration = .seconds(3600)
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

    /// The whole list, parameters included: what connecting needs.
    public func serverList(_ freshness: Freshness = .cachedIfFresh) async throws(DirectoryError) -> ServerListResult<ServerList> {
        try await obtain(freshness) { () throws(CacheError) in
            try cache.loadServerList().map { ($0.list, $0.list.expiresAt, $0.etag, $0.fetchedAt) }
        } fromDownload: { $0 }
    }

    /// The list for showing and choosing. From the cache, only the listing
    /// index is read.
    public func listing(_ freshness: Freshness = .cachedIfFresh) async throws(DirectoryError) -> ServerListResult<any ServerCatalog> {
        try await obtain(freshness) { () throws(CacheError) in
            try cache.loadListing().map { ($0.catalog, $0.catalog.expiresAt, $0.etag, $0.fetchedAt) }
        } fromDownload: { $0 }
    }

    private func obtain<Catalog: Sendable>(
        _ freshness: Freshness,
        fromCache load: () throws(CacheError) -> (catalog: Catalog, expiresAt: Date?, etag: String?, fetchedAt: Date)?,
        fromDownload wrap: (ServerList) -> Catalog
    ) async throws(DirectoryError) -> ServerListResult<Catalog> {
        var warnings: [String] = []
        var cached: (catalog: Catalog, expiresAt: Date?, etag: String?, fetchedAt: Date)?
        do {
            cached = try load()
        } catch {
            warnings.append("ignoring the cached server list: \(error)")
        }

        if freshness == .cachedIfFresh, let cached {
            let age = now().timeIntervalSince(cached.fetchedAt)
            if age >= 0, age < maximumAge.seconds, !isExpired(cached.expiresAt) {
                return ServerListResult(list: cached.catalog, origin: .cache(fetchedAt: cached.fetchedAt), warnings: warnings)
            }
        }

        do {
            guard let fresh = try await download(ifNoneMatch: cached?.etag) else {
                // 304: the cached copy is current; note when it was last confirmed.
                let catalog = cached!.catalog
                do {
                    if let full = try cache.loadServerList() { try cache.store(full.refreshed(at: now())) }
                } catch {
                    warnings.append("could not update the cache: \(error)")
                }
                if let expiry = cached!.expiresAt, isExpired(expiry) {
                    warnings.append("the server list expired at \(RFC3339.format(expiry)) and the provider has no newer one; using it anyway")
                }
                return ServerListResult(list: catalog, origin: .notModified, warnings: warnings)
            }
            do { try cache.store(fresh) } catch { warnings.append("could not cache the server list: \(error)") }
            if let expiry = fresh.list.expiresAt, fresh.list.isExpired(at: now()) {
                warnings.append("the provider's server list expired at \(RFC3339.format(expiry)); it is used until a newer one is published")
            }
            return ServerListResult(list: wrap(fresh.list), origin: .downloaded, warnings: warnings)
        } catch {
            guard freshness == .cachedIfFresh, let cached else { throw error }
            warnings.append("could not refresh the server list (\(error.shortDescription)); using the copy fetched \(RFC3339.format(cached.fetchedAt))")
            if let expiry = cached.expiresAt, isExpired(expiry) {
                warnings.append("that copy expired at \(RFC3339.format(expiry))")
            }
            return ServerListResult(list: cached.catalog, origin: .cache(fetchedAt: cached.fetchedAt), warnings: warnings)
        }
    }

    private func isExpired(_ expiry: Date?) -> Bool {
        expiry.map { $0 <= now() } ?? false
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
        }
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
