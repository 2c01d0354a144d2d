/// The connection's transitions, kept apart from any I/O: the daemon feeds
/// events in and carries out the effects that come back.
///
///     disconnected --connect--> connecting --tunnel up--> connected
///     connecting --failed--> disconnecting(→ error) --torn down--> error
///     connected --disconnect--> disconnecting --torn down--> disconnected
///     connected --lost--> disconnecting(→ error) --torn down--> error
public struct ConnectionMachine: Sendable, Hashable {
    public private(set) var state: ConnectionState = .disconnected
    /// While tearing down after a failure: the failure to report afterwards.
    private var pendingFailure: ConnectionFailure?

    public init(state: ConnectionState = .disconnected) {
        self.state = state
    }

    public mutating func handle(_ event: ConnectionEvent) throws(InvalidTransition) -> [ConnectionEffect] {
        switch (state, event) {
        case let (.disconnected, .connectRequested(target)), let (.error, .connectRequested(target)):
            state = .connecting(target)
            pendingFailure = nil
            return [.startTunnel(target)]

        case let (.connecting(target), .tunnelUp(interface, addresses)):
            state = .connected(ActiveTunnel(target: target, interface: interface, addresses: addresses))
            return []

        case let (.connecting(target), .attemptFailed(message)):
            pendingFailure = ConnectionFailure(target: target, message: message)
            state = .disconnecting(target)
            return [.stopTunnel]

        case let (.connected(tunnel), .tunnelLost(message)):
            pendingFailure = ConnectionFailure(target: tunnel.target, message: message)
            state = .disconnecting(tunnel.target)
            return [.stopTunnel]

        case let (.connecting(target), .disconnectRequested):
            state = .disconnecting(target)
            return [.stopTunnel]

        case let (.connected(tunnel), .disconnectRequested):
            state = .disconnecting(tunnel.target)
            return [.stopTunnel]

        case (.error, .disconnectRequested):
            state = .disconnected
            return []

        case (.disconnecting, .tornDown):
            state = pendingFailure.map(ConnectionState.error) ?? .disconnected
            pendingFailure = nil
            return []

        case (.disconnecting, .attemptFailed), (.disconnecting, .tunnelLost), (.disconnecting, .tunnelUp):
            // Late news from a tunnel being torn down changes nothing.
            return []

        default:
            throw InvalidTransition(state: state.name, event: event)
        }
    }
}
