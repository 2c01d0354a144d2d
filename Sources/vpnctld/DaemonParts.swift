import Firewall
import PluginKit
import RouterProbe
import VPNCore

/// What the connection controller drives beyond its state machine: the
/// plugins, the firewall and the router probe. The daemon uses the real
/// ones; the controller's tests put fakes in their place, to drive every
/// interleaving of requests without plugins, a kernel table or a network.
struct DaemonParts: Sendable {
    var launcher: any PluginLauncher
    var firewall: any PolicyEnforcer
    var probe: any NetworkProbing

    static func system(cacheDirectory: String) -> DaemonParts {
        DaemonParts(launcher: PluginProcessLauncher(), firewall: Firewall(), probe: NetworkProbe(cacheDirectory: cacheDirectory))
    }
}

/// Starts a plugin and performs the contract's handshake.
protocol PluginLauncher: Sendable {
    func launch(_ descriptor: PluginDescriptor, timeout: Duration) async throws(PluginError) -> (any TunnelPlugin, InitializeResult)
}

/// A running plugin, through the contract's methods.
protocol TunnelPlugin: Sendable {
    var descriptor: PluginDescriptor { get }
    var notifications: AsyncStream<PluginNotification> { get }
    var processIdentifier: Int32 { get }
    /// The process group it leads with every helper it started.
    var processGroup: Int32 { get }
    /// When it started: with the group, what names it after a crash.
    var processStart: ProcessStart? { get }
    func connect(_ params: ConnectParams, timeout: Duration) async throws(PluginError) -> TunnelState
    func disconnect(_ params: DisconnectParams, timeout: Duration) async throws(PluginError) -> TunnelState
    func status(timeout: Duration) async throws(PluginError) -> TunnelState
    /// Stops it (and every helper it started), without asking.
    func terminate() async
}

protocol PolicyEnforcer: Sendable {
    /// Puts `policy` in place (nil: no table), all or nothing, and checks
    /// it took; `previous` is the policy believed in place, if known.
    func apply(_ policy: FirewallPolicy?, replacing previous: FirewallPolicy?) throws(FirewallError)
}

protocol NetworkProbing: Sendable {
    /// This network's report toward `server`; nil when it runs no probe responder.
    func report(toward server: Server, fresh: Bool) async -> (report: NetworkReport, cached: Bool)?
}

struct PluginProcessLauncher: PluginLauncher {
    func launch(_ descriptor: PluginDescriptor, timeout: Duration) async throws(PluginError) -> (any TunnelPlugin, InitializeResult) {
        let (connection, hello) = try await PluginConnection.launch(descriptor, hostVersion: DaemonVersion.version, timeout: timeout)
        return (connection, hello)
    }
}

extension PluginConnection: TunnelPlugin {
    func connect(_ params: ConnectParams, timeout: Duration) async throws(PluginError) -> TunnelState {
        try await call(Contract.Connect.self, params, timeout: timeout)
    }

    func disconnect(_ params: DisconnectParams, timeout: Duration) async throws(PluginError) -> TunnelState {
        try await call(Contract.Disconnect.self, params, timeout: timeout)
    }

    func status(timeout: Duration) async throws(PluginError) -> TunnelState {
        try await call(Contract.Status.self, StatusParams(), timeout: timeout)
    }
}

extension Firewall: PolicyEnforcer {}

extension NetworkProbe: NetworkProbing {}
