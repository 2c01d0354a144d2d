import Directory
import VPNConfig

/// The server list and the account, built from the whole configuration.
/// Only the commands that read the list or the account build it: status,
/// disconnect, set and settings must work when its settings are broken.
struct DirectoryServices {
    let serverLists: ServerListService
    let accounts: AccountService

    init(configuration: Configuration) throws(CommandFailure) {
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
}
