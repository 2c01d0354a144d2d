import VPNCore

/// A plain GRE packet (version 0, RFC 2784) carrying a ProbeEchoPayload,
/// which the responder returns in kind. It stands in for PPTP's own GRE
/// when no PPTP call could be set up to carry that: a router that drops
/// GRE drops both, and one that passes GRE without PPTP's control
/// connection still tells that much.
struct PlainGREProbe {
    let server: IPv4Address
    let schedule: RetransmitSchedule

    func run() -> ProbeVerdict {
        let socket: DatagramSocket
        do throws(ProbeSocketError) {
            socket = try DatagramSocket(.raw(number: 47, name: "GRE (IP protocol 47)"))
        } catch {
            return VerdictEvidence.failed(error)
        }
        let echo = ProbeEchoPayload(probeID: UInt32.random(in: 1...UInt32.max), timestamp: ProbeDuration.nowNanoseconds())
        let packet = GREPacket(version: .plain(key: nil), protocolType: GREPacket.protocolExperimental, payload: echo.encoded()).encoded()
        let server = server
        let outcome = DatagramExchange(socket: socket, schedule: schedule).run([
            DatagramExchange.Request(sends: [(packet, IPv4Endpoint(server, 0))]) { bytes, from in
                guard from.address == server, let reply = try? GREPacket(parsing: bytes), case .plain = reply.version,
                      let answer = try? ProbeEchoPayload(parsing: reply.payload, kind: .gre), answer.probeID == echo.probeID else { return nil }
                return "plain GRE echo (no PPTP call to carry PPTP's)"
            },
        ])[0]
        return VerdictEvidence.verdict(outcome, schedule: schedule, to: IPv4Endpoint(server, 0))
    }
}
