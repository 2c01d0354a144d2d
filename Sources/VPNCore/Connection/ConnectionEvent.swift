import Addressing
/// What can happen to a connection.
public enum ConnectionEvent: Sendable, Hashable {
    /// The user asked for a connection (or a switch, while connected).
    case connectRequested(Preparation)
    /// The server is known; the probe toward it may start.
    case serverChosen(Server)
    /// One protocol toward the server is tried (the first, or the next after a failure).
    case attemptStarted(ConnectionTarget)
    case tunnelUp(interface: String, addresses: [String], resolvers: [IPAddress])
    /// The attempt under way failed; another may follow.
    case attemptFailed(String)
    /// No attempt is left, or none can be made: the connection failed.
    case gaveUp(String)
    /// What was asked names nothing to connect to (a typo, a premium
    /// location on a free account): as if never asked.
    case abandoned
    /// A tunnel that was up went down by itself (plugin died, peer gone).
    case tunnelLost(String)
    case disconnectRequested
    /// Everything the tunnel set up is gone.
    case tornDown
}

/// What the daemon must do after a transition, besides enforcing the new
/// state's firewall policy (which it does after every transition).
public enum ConnectionEffect: Sendable, Hashable {
    /// Launch the protocol's plugin and have it bring the tunnel up.
    case startTunnel(ConnectionTarget)
    /// Have the plugin remove everything it set up, then stop it.
    case stopTunnel
}

/// Why an event does not apply in the current state.
public struct InvalidTransition: Error, Sendable, Hashable, CustomStringConvertible {
    public let state: String
    public let event: ConnectionEvent

    public var description: String {
        switch event {
        case .connectRequested: "A connection is \(state); wait for it, or run vpnctl disconnect."
        case .disconnectRequested: "Nothing to disconnect: the connection is \(state)."
        default: "The connection is \(state) now; what was under way was cancelled."
        }
    }
}
