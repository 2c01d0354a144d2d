import Control
import Directory
import Firewall
import VPNConfig
import VPNCore

/// What the daemon asks the provider: the server list, the account, this
/// device's registration. Built only from a configuration that is whole;
/// without one the daemon still answers status, disconnect and settings.
struct DirectoryServices: Sendable {
    let serverLists: ServerListService
    let accounts: AccountService
    let device: DeviceIdentity

    /// The services, or why the configuration cannot give them (exit 78).
    static func make(_ configuration: Configuration, problem: String?) -> Result<DirectoryServices, ControlFailure> {
        if let problem {
            return .failure(ControlFailure(.configuration, "\(problem) Fix the configuration; until then vpnctl can only report, disconnect and change settings."))
        }
        let publicKey: DirectoryPublicKey
        do throws(SignatureError) {
            publicKey = try DirectoryPublicKey(base64: configuration.directoryPublicKey)
        } catch {
            return .failure(ControlFailure(.configuration, "directory_public_key: \(error.description)"))
        }
        // Marked: while the kill switch blocks, only vpnctl's marked packets reach the provider API.
        let http = HTTPClient(options: HTTPClient.Options(caFile: configuration.caFile, userAgent: "vpnctld/\(DaemonVersion.version)", socketMark: FirewallPolicy.mark))
        let cache = DirectoryCache(directory: configuration.cacheDirectory)
        return .success(DirectoryServices(
            serverLists: ServerListService(apiURL: configuration.apiURL, publicKey: publicKey, http: http, cache: cache),
            accounts: AccountService(apiURL: configuration.apiURL, tokenFile: configuration.accountTokenFile, http: http, cache: cache),
            device: DeviceIdentity(
                stateDirectory: configuration.stateDirectory,
                devices: DeviceService(apiURL: configuration.apiURL, tokenFile: configuration.accountTokenFile, http: http)
            )
        ))
    }
}
