/// The daemon's connection, as `vpnctl status` reports it. Each state
/// carries exactly what is true in it: there is no interface while
/// connecting, and no target while disconnected.
public enum ConnectionState: Sendable, Hashable {
    case disconnected
    case connecting(ConnectionTarget)
    case connected(ActiveTunnel)
    case disconnecting(ConnectionTarget)
    case error(ConnectionFailure)

    /// The contract's name of the state (`status --json` → `state`).
    public var name: String {
        switch self {
        case .disconnected: "disconnected"
        case .connecting: "connecting"
        case .connected: "connected"
        case .disconnecting: "disconnecting"
        case .error: "error"
        }
    }

    public var target: ConnectionTarget? {
        switch self {
        case .disconnected: nil
        case let .connecting(target), let .disconnecting(target): target
        case let .connected(tunnel): tunnel.target
        case let .error(failure): failure.target
        }
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
