import Addressing
import ProbePackets
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
        RawEchoProbe(protocolNumber: 47, protocolName: "GRE (IP protocol 47)", server: server, schedule: schedule).run(
            packet: { echo in GREPacket(version: .plain(key: nil), protocolType: GREPacket.protocolExperimental, payload: echo.encoded()).encoded() },
            answer: { bytes, echo in
                guard let reply = try? GREPacket(parsing: bytes), case .plain = reply.version,
                      (try? ProbeEchoPayload(parsing: reply.payload, kind: .gre))?.probeID == echo.probeID else { return nil }
                return "plain GRE echo (no PPTP call to carry PPTP's)"
            }
        )
    }
}
