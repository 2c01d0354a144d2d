import Addressing
import ProbePackets
import VPNCore

/// An L2TP SCCRQ to UDP 1701, which xl2tpd answers with an SCCRP; then a
/// StopCCN so the server drops the tunnel it just began.
struct L2TPProbe {
    static let port: UInt16 = 1701

    let server: IPv4Address
    let schedule: RetransmitSchedule

    func run() -> ProbeVerdict {
        let destination = IPv4Endpoint(server, Self.port)
        let ourTunnel = UInt16.random(in: 1...UInt16.max)
        let request = L2TPControlMessage.sccrq(assignedTunnelID: ourTunnel, hostName: "vpnctl-probe")
        let socket: DatagramSocket
        do throws(ProbeSocketError) {
            socket = try DatagramSocket(.udp)
            try socket.bindAnyPort()
        } catch {
            return VerdictEvidence.failed(error)
        }
        let outcome = DatagramExchange(socket: socket, schedule: schedule).run([
            DatagramExchange.Request(sends: [(request.encoded(), destination)]) { bytes, from in
                guard from.address == server, case let .control(reply)? = try? L2TPMessage(parsing: bytes),
                      reply.messageType == .sccrp, reply.tunnelID == ourTunnel else { return nil }
                return "L2TP SCCRP\(reply.hostName.map { " (host \"\($0)\")" } ?? "")"
            },
        ])[0]
        if case let .reply(bytes, from, _, _, _) = outcome, case let .control(reply)? = try? L2TPMessage(parsing: bytes),
           let peerTunnel = reply.assignedTunnelID {
            // Best effort: the verdict stands whether or not the goodbye arrives.
            let goodbye = L2TPControlMessage.stopCCN(peerTunnelID: peerTunnel, assignedTunnelID: ourTunnel, ns: 1, nr: reply.ns &+ 1)
            try? socket.send(goodbye.encoded(), to: from)
        }
        return VerdictEvidence.verdict(outcome, schedule: schedule, to: destination)
    }
}
