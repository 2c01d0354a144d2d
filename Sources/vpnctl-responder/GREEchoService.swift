import ProbePackets

/// The GRE echo (IP protocol 47). An enhanced GRE (PPTP) packet carrying a probe
/// echo is answered as a PPTP server would send data: keyed with the call ID the
/// peer gave on TCP 1723, so a router's PPTP helper maps it back to the caller.
/// Plain GRE is answered in kind: same key, same payload.
struct GREEchoService: Sendable {
    let socket: RawIPSocket
    let calls: PPTPCallTable
    let limiter: SharedRateLimiter

    func run() -> Never {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var sequence: UInt32 = 0
        while true {
            guard let (bytes, source) = socket.receive(into: &buffer) else { continue }
            guard let packet = try? GREPacket(parsing: bytes), (try? ProbeEchoPayload(parsing: packet.payload, kind: .gre)) != nil else { continue }
            guard limiter.admit(source, bytes: bytes.count, service: "gre") else { continue }
            let reply: GREPacket
            switch packet.version {
            case .enhanced:
                guard let callID = calls.callID(for: source) else {
                    ResponderLog.line("gre: not answering \(source): it set up no PPTP call on TCP 1723")
                    continue
                }
                sequence &+= 1
                // No acknowledgement field: the reply stays no longer than the request.
                reply = GREPacket(version: .enhanced(callID: callID), protocolType: packet.protocolType,
                                  sequence: packet.sequence == nil ? nil : sequence, payload: packet.payload)
            case .plain:
                reply = GREPacket(version: packet.version, protocolType: packet.protocolType, sequence: packet.sequence, payload: packet.payload)
            }
            let encoded = reply.encoded()
            guard encoded.count <= bytes.count else { continue }
            socket.send(encoded, to: source)
        }
    }
}
