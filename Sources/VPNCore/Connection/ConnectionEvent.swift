/// What can happen to a connection.
public enum ConnectionEvent: Sendable, Hashable {
    case connectRequested(ConnectionTarget)
    case tunnelUp(interface: String, addresses: [String])
    case attemptFailed(String)
    /// A tunnel that was up went down by itself (plugin died, peer gone).
    case tunnelLost(String)
    case disconnectRequested
    /// Everything the tunnel set up is gone.
    case tornDown
}

/// What the daemon must do after a transition.
public enum ConnectionEffect: Sendable, Hashable {
    case startTunnel(ConnectionTarget)
    case stopTunnel
}

/// Why an event does not apply in the current state.
public struct InvalidTransition: Error, Sendable, Hashable, CustomStringConvertible {
    public let state: String
    public let event: ConnectionEvent

    public var description: String {
        switch event {
        case .connectRequested: "A connection is \(state); run vpnctl disconnect first."
        case .disconnectRequested: "Nothing to disconnect: the connection is \(state)."
        default: "Unexpected event while \(state)."
        }
    }
}
