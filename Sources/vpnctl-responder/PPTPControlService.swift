import ProbePackets

/// PPTP control on TCP 1723, where no PPTP server runs: enough of one (RFC 2637) for
/// a router's PPTP helper to see a call set up, so the GRE echo that follows is
/// translated as a real call's would be.
struct PPTPControlService: Sendable {
    let calls: PPTPCallTable
    let name: String

    /// A control message is at most a few hundred bytes; more unparsed than this is not PPTP.
    static let maximumPending = 4096

    func serve(_ connection: TCPConnection) {
        var buffer = [UInt8](repeating: 0, count: 2048)
        var pending: [UInt8] = []
        // Replies never total more bytes than the messages answered so far: bytes
        // still unparsed do not count, however the stream happens to be cut.
        var answered = 0, sent = 0
        while let bytes = connection.read(into: &buffer) {
            pending += bytes
            while !pending.isEmpty {
                let parsed: (message: PPTPControlMessage, consumed: Int)
                do {
                    parsed = try PPTPControlMessage.parse(pending)
                } catch {
                    if case .truncated = error, pending.count < Self.maximumPending { break }
                    ResponderLog.line("\(name): closing the connection from \(connection.peer): \(error.description)")
                    return
                }
                let message = Array(pending[0..<parsed.consumed])
                pending.removeFirst(parsed.consumed)
                answered += parsed.consumed
                guard let reply = answer(parsed.message, bytes: message, from: connection.peer) else { continue }
                guard sent + reply.count <= answered else {
                    ResponderLog.line("\(name): not answering \(connection.peer): the reply would be longer than what it sent")
                    continue
                }
                guard connection.write(reply) else { return }
                sent += reply.count
            }
        }
    }

    private func answer(_ message: PPTPControlMessage, bytes: [UInt8], from peer: TransportAddress) -> [UInt8]? {
        switch message {
        case .startControlConnectionRequest:
            let reply = PPTPStartControlConnection(resultCode: 1, maximumChannels: 1, hostName: "vpnctl-responder", vendor: "vpnctl")
            return PPTPControlMessage.startControlConnectionReply(reply).encoded()
        case let .outgoingCallRequest(request):
            calls.remember(request.callID, for: peer.address)
            let reply = PPTPOutgoingCallReply(callID: UInt16.random(in: 1...UInt16.max), peerCallID: request.callID, resultCode: 1)
            return PPTPControlMessage.outgoingCallReply(reply).encoded()
        case .other(type: PPTPEchoMessage.requestType):
            guard let request = try? PPTPEchoMessage(parsing: bytes) else {
                ResponderLog.line("\(name): ignoring a malformed Echo-Request from \(peer)")
                return nil
            }
            return PPTPEchoMessage.reply(to: request).encoded()
        case .startControlConnectionReply, .outgoingCallReply, .other:
            return nil
        }
    }
}
