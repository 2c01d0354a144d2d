import Addressing
import Synchronization

/// The call ID each peer gave in its Outgoing-Call-Request: the key a real PPTP
/// server puts in the GRE packets it sends that peer, and so the one the GRE echo uses.
final class PPTPCallTable: Sendable {
    private let calls = Mutex<[IPAddress: UInt16]>([:])
    /// Enough for any honest use; a flood of peers must not grow it without end.
    static let maximumPeers = 4096

    func remember(_ callID: UInt16, for peer: IPAddress) {
        calls.withLock { calls in
            if calls[peer] == nil, calls.count >= Self.maximumPeers { calls.removeAll() }
            calls[peer] = callID
        }
    }

    func callID(for peer: IPAddress) -> UInt16? {
        calls.withLock { $0[peer] }
    }
}
