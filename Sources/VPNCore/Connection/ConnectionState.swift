/// The daemon's connection, as `vpnctl status` reports it. Each state
/// carries exactly what is true in it: there is no interface while
/// connecting, and no target while disconnected.
public enum ConnectionState: Sendable, Hashable {
    case disconnected
    /// Asked for, not yet tried: the list, the account and the probe are
    /// being consulted. Already protected, like connecting.
    case preparing(Preparation)
    case connecting(ConnectionTarget)
    case connected(ActiveTunnel)
    /// Tearing a tunnel down; `then` is the connection to prepare next (a switch).
    case disconnecting(ConnectionTarget, then: Preparation?)
    case error(ConnectionFailure)

    /// The contract's name of the state (`status --json` → `state`):
    /// preparing is part of connecting there.
    public var name: String {
        switch self {
        case .disconnected: "disconnected"
        case .preparing, .connecting: "connecting"
        case .connected: "connected"
        case .disconnecting: "disconnecting"
        case .error: "error"
        }
    }

    public var target: ConnectionTarget? {
        switch self {
        case .disconnected, .preparing: nil
        case let .connecting(target), let .disconnecting(target, _): target
        case let .connected(tunnel): tunnel.target
        case let .error(failure): failure.target
        }
    }
}

/// A connection asked for and not yet tried.
public struct Preparation: Sendable, Hashable {
    /// What the user asked for (a location, or nil for the fastest).
    public var query: String?
    /// Once chosen: the server the attempts will go to.
    public var server: Server?

    public init(query: String?, server: Server? = nil) {
        self.query = query
        self.server = server
    }
}

/// Why the connection is down when it should be up.
public struct ConnectionFailure: Sendable, Hashable {
    /// What it was trying to reach, when it got that far.
    public var target: ConnectionTarget?
    /// A sentence the user can act on.
    public var message: String

    public init(target: ConnectionTarget?, message: String) {
        self.target = target
        self.message = message
    }
}
