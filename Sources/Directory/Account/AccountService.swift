import Foundation
import VPNCore

/// Looks up the account's tier and devices (`GET account`), caching the
/// answer so that the tier is known offline.
public struct AccountService: Sendable {
    public let apiURL: String
    public let tokenFile: String?
    public let http: HTTPClient
    public let cache: DirectoryCache
    /// How long a cached answer stands in for asking again; `vpnctl account`
    /// always asks.
    public var maximumAge: Duration = .seconds(600)
    public var now: @Sendable () -> Date = { Date() }

    public init(apiURL: String, tokenFile: String?, http: HTTPClient, cache: DirectoryCache) {
        self.apiURL = apiURL.hasSuffix("/") ? apiURL : apiURL + "/"
        self.tokenFile = tokenFile
        self.http = http
        self.cache = cache
    }

    public func account(refresh: Bool = false) async throws(AccountError) -> AccountResult {
        guard let tokenFile else {
            return AccountResult(account: .anonymous, origin: .noToken, warnings: [])
        }
        let token = try AccountToken(contentsOf: tokenFile)
        if !refresh, let cached = try? cache.loadAccount(), cached.tokenDigest == token.digest {
            let age = now().timeIntervalSince(cached.fetchedAt)
            if age >= 0, age < maximumAge.seconds {
                return AccountResult(account: cached.account, origin: .cache(fetchedAt: cached.fetchedAt), warnings: [])
            }
        }
        var request = HTTPRequest(url: apiURL + "account")
        request.bearerToken = token.secret
        let response: HTTPResponse
        do {
            response = try await http.fetch(request)
        } catch {
            if case .status(401, _, _) = error { throw .tokenRejected }
            if let cached = try? cache.loadAccount(), cached.tokenDigest == token.digest {
                let warning = "could not reach the provider (\(error)); using the account details from \(RFC3339.format(cached.fetchedAt))"
                return AccountResult(account: cached.account, origin: .cache(fetchedAt: cached.fetchedAt), warnings: [warning])
            }
            throw .unreachable(error.description)
        }
        let account = try Self.parse(response.body)
        var warnings: [String] = []
        do {
            try cache.store(CachedAccount(account: account, tokenDigest: token.digest, fetchedAt: now()))
        } catch {
            warnings.append("could not cache the account details: \(error)")
        }
        return AccountResult(account: account, origin: .provider, warnings: warnings)
    }

    static func parse(_ body: [UInt8]) throws(AccountError) -> Account {
        guard case let .object(object)? = try? JSONParser.parse(body) else { throw .malformedAnswer("not a JSON object") }
        guard case let .string(tierText)? = object["tier"], let tier = Tier(rawValue: tierText) else {
            throw .malformedAnswer("\"tier\" must be \"free\" or \"premium\"")
        }
        guard case let .object(devices)? = object["devices"],
              case let .number(max)? = devices["max"], case let .number(used)? = devices["used"],
              max >= 0, used >= 0, max <= 10_000, used <= 10_000, max.rounded() == max, used.rounded() == used
        else { throw .malformedAnswer("\"devices\" must hold whole numbers \"max\" and \"used\"") }
        return Account(tier: tier, devices: DeviceAllowance(max: Int(max), used: Int(used)))
    }
}

public struct AccountResult: Sendable {
    public enum Origin: Sendable, Hashable {
        case noToken
        case provider
        case cache(fetchedAt: Date)
    }

    public let account: Account
    public let origin: Origin
    public let warnings: [String]
}
