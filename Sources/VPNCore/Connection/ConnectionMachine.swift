/// The connection's transitions, kept apart from any I/O: the daemon feeds
/// events in, carries out the effects that come back, and after each
/// transition enforces the new state's firewall policy.
///
///     disconnected --connect--> preparing --attempt--> connecting --up--> connected
///     connecting --attempt failed--> connecting (cleaned up) --attempt--> connecting
///     preparing/connecting --gave up--> error;  connected --lost--> error
///     connected --connect--> disconnecting(then) --torn down--> preparing   (a switch)
///     connecting/connected --disconnect--> disconnecting --torn down--> disconnected
///     preparing/error --disconnect--> disconnected;  preparing --abandoned--> disconnected
///
/// An event that does not apply throws: the daemon learns that what it was
/// doing was overtaken (a disconnect while a connect was preparing), never
/// silently.
public struct ConnectionMachine: Sendable, Hashable {
    public private(set) var state: ConnectionState = .disconnected

    public init(state: ConnectionState = .disconnected) {
        self.state = state
    }

    public mutating func handle(_ event: ConnectionEvent) throws(InvalidTransition) -> [ConnectionEffect] {
        switch (state, event) {
        case let (.disconnected, .connectRequested(preparation)), let (.error, .connectRequested(preparation)):
            state = .preparing(preparation)
            return []

        case let (.connected(tunnel), .connectRequested(preparation)):
            // A switch: the old tunnel goes first, so the new one never
            // competes with it for the routes and the probe sees the router.
            state = .disconnecting(tunnel.target, then: preparation)
            return [.stopTunnel]

        case let (.preparing(preparation), .serverChosen(server)):
            state = .preparing(Preparation(query: preparation.query, server: server))
            return []

        case let (.preparing, .attemptStarted(target)), let (.connecting, .attemptStarted(target)):
            state = .connecting(target)
            return [.startTunnel(target)]

        case let (.connecting(target), .tunnelUp(interface, addresses, resolvers)):
            state = .connected(ActiveTunnel(target: target, interface: interface, addresses: addresses, resolvers: resolvers))
            return []

        case (.connecting, .attemptFailed):
            // Still connecting, still blocked: the next attempt may follow.
            return [.stopTunnel]

        case (.preparing, .abandoned):
            state = .disconnected
            return []

        case let (.preparing, .gaveUp(message)):
            state = .error(ConnectionFailure(target: nil, message: message))
            return []

        case let (.connecting(target), .gaveUp(message)):
            state = .error(ConnectionFailure(target: target, message: message))
            return [.stopTunnel]

        case let (.connected(tunnel), .tunnelLost(message)):
            state = .error(ConnectionFailure(target: tunnel.target, message: message))
            return [.stopTunnel]

        case (.preparing, .disconnectRequested), (.error, .disconnectRequested):
            state = .disconnected
            return []

        case let (.connecting(target), .disconnectRequested):
            state = .disconnecting(target, then: nil)
            return [.stopTunnel]

        case let (.connected(tunnel), .disconnectRequested):
            state = .disconnecting(tunnel.target, then: nil)
            return [.stopTunnel]

        case let (.disconnecting(target, _), .disconnectRequested):
            // A disconnect during a switch cancels the switch.
            state = .disconnecting(target, then: nil)
            return []

        case let (.disconnecting(_, next), .tornDown):
            state = next.map(ConnectionState.preparing) ?? .disconnected
            return []

        default:
            throw InvalidTransition(state: state.name, event: event)
        }
    }
}
