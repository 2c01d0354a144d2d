import Control
import Directory
import VPNCore

/// The provider's data as the CLI shows it: locations and servers for the
/// account's tier, a refresh of the list, the account. The daemon is the
/// cache's only writer and the token's only reader; the CLI gets values.
struct Listings: Sendable {
    /// The services, or why the configuration gives none (exit 78).
    let directory: Result<DirectoryServices, ControlFailure>

    func answer(_ request: ListingRequest) async -> ControlReply {
        let services: DirectoryServices
        switch directory {
        case let .success(working): services = working
        case let .failure(failure): return .failure(failure)
        }
        do throws(ControlFailure) {
            switch request {
            case .locations: return .locations(try await locations(services))
            case let .servers(asked): return .servers(try await servers(asked, services))
            case .refresh: return .refresh(try await refresh(services))
            case .account: return .account(try await account(services))
            }
        } catch {
            return .failure(error)
        }
    }

    private func locations(_ services: DirectoryServices) async throws(ControlFailure) -> Warned<LocationsListing> {
        var warnings: [String] = []
        let list = try await catalog(services, warnings: &warnings)
        let tier = try await tierForListing(services, warnings: &warnings)
        let entries = ServerSelector(list: list, tier: tier).locationSummaries().map { summary in
            LocationEntry(
                id: summary.location.id.rawValue, countryCode: summary.location.countryCode.rawValue,
                country: summary.location.country, city: summary.location.city, tier: summary.tier,
                available: summary.isAvailable, servers: summary.serverCount, bestLoad: summary.bestLoad?.rawValue
            )
        }
        return Warned(LocationsListing(tier: tier, locations: entries), warnings: warnings)
    }

    private func servers(_ request: ServersRequest, _ services: DirectoryServices) async throws(ControlFailure) -> Warned<ServersListing> {
        // The query first: a typo needs no list.
        let query: LocationQuery?
        do throws(SelectionError) {
            query = try request.location.map { text throws(SelectionError) in try LocationQuery(parsing: text) }
        } catch {
            throw ControlFailure(error)
        }
        var warnings: [String] = []
        let list = try await catalog(services, warnings: &warnings)
        let tier = try await tierForListing(services, warnings: &warnings)
        let servers: [Server]
        do throws(SelectionError) {
            servers = try ServerSelector(list: list, tier: tier).servers(matching: query)
        } catch {
            throw ControlFailure(error)
        }
        let entries = servers.map { server in
            ServerEntry(
                id: server.id.rawValue, location: server.location.rawValue, hostname: server.hostname.rawValue,
                tier: server.tier, load: server.load.rawValue, online: server.online,
                protocols: server.protocols.map(\.rawValue), available: tier.canUse(server.tier)
            )
        }
        return Warned(ServersListing(tier: tier, servers: entries), warnings: warnings)
    }

    private func refresh(_ services: DirectoryServices) async throws(ControlFailure) -> Warned<RefreshSummary> {
        let result: ServerListResult<ServerList>
        do throws(DirectoryError) {
            result = try await services.serverLists.serverList(.refresh)
        } catch {
            throw ControlFailure(error)
        }
        let list = result.list
        let summary = RefreshSummary(
            status: result.origin == .notModified ? .notModified : .updated,
            locations: list.locations.count, servers: list.servers.count,
            generatedAt: list.generatedAt, expiresAt: list.expiresAt
        )
        return Warned(summary, warnings: result.warnings)
    }

    private func account(_ services: DirectoryServices) async throws(ControlFailure) -> Warned<AccountSummary> {
        let result: AccountResult
        do throws(AccountError) {
            result = try await services.accounts.account(refresh: true)
        } catch {
            throw ControlFailure(error)
        }
        let source: AccountSummary.Source = switch result.origin {
        case .noToken: .noToken
        case .provider: .provider
        case .cache: .cache
        }
        return Warned(AccountSummary(tier: result.account.tier, devices: result.account.devices, source: source), warnings: result.warnings)
    }

    /// The list for showing and choosing (no protocol parameters needed).
    private func catalog(_ services: DirectoryServices, warnings: inout [String]) async throws(ControlFailure) -> any ServerCatalog {
        do throws(DirectoryError) {
            let result = try await services.serverLists.serverList(.cachedIfFresh)
            warnings += result.warnings
            return result.list
        } catch {
            throw ControlFailure(error)
        }
    }

    /// The account's tier for listing. Without a reachable provider or
    /// cache, listing goes on as a free account, with a warning; a token
    /// that cannot be used is an error to fix.
    private func tierForListing(_ services: DirectoryServices, warnings: inout [String]) async throws(ControlFailure) -> Tier {
        do throws(AccountError) {
            let result = try await services.accounts.account()
            warnings += result.warnings
            return result.account.tier
        } catch .unreachable(let detail) {
            warnings.append("cannot look up the account (\(detail)); showing what a free account can use")
            return .free
        } catch {
            throw ControlFailure(error)
        }
    }
}
