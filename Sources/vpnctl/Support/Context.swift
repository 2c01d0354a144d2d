import Directory
import Foundation
import VPNConfig
import VPNCore

/// What a command works with: the configuration and the services built from
/// it. The CLI only wires these together.
struct Context {
    let configuration: Configuration
    let configurationPath: String
    let serverLists: ServerListService
    let accounts: AccountService

    init(options: GlobalOptions) throws(CommandFailure) {
        let path = options.config
            ?? ProcessInfo.processInfo.environment["VPNCTL_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
            ?? Configuration.defaultPath
        configurationPath = path
        do {
            configuration = try ConfigurationParser.load(path: path)
        } catch {
            throw CommandFailure(error)
        }
        let publicKey: DirectoryPublicKey
        do {
            publicKey = try DirectoryPublicKey(base64: configuration.directoryPublicKey)
        } catch {
            throw CommandFailure(error.description, .configuration)
        }
        let http = HTTPClient(options: HTTPClient.Options(caFile: configuration.caFile, userAgent: "vpnctl/\(VersionInfo.version)"))
        let cache = DirectoryCache(directory: configuration.cacheDirectory)
        serverLists = ServerListService(apiURL: configuration.apiURL, publicKey: publicKey, http: http, cache: cache)
        accounts = AccountService(apiURL: configuration.apiURL, tokenFile: configuration.accountTokenFile, http: http, cache: cache)
    }

    var daemon: DaemonLink {
        DaemonLink(configuration: configuration, configurationPath: configurationPath)
    }

    /// The list for showing and choosing (no protocol parameters needed).
    func listingServerList() async throws(CommandFailure) -> any ServerCatalog {
        do {
            let result = try await serverLists.listing(.cachedIfFresh)
            result.warnings.forEach(Console.warn)
            return result.list
        } catch {
            throw CommandFailure(error)
        }
    }

    /// The account's tier for listing and selection. Without a reachable
    /// provider or cache, listing goes on as a free account, with a warning.
    func tierForListing() async throws(CommandFailure) -> Tier {
        do {
            let result = try await accounts.account()
            result.warnings.forEach(Console.warn)
            return result.account.tier
        } catch .unreachable(let detail) {
            Console.warn("cannot look up the account (\(detail)); showing what a free account can use")
            return .free
        } catch {
            throw CommandFailure(error)
        }
    }
}
