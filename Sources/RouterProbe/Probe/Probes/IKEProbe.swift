import Addressing
import ProbePackets
import VPNCore

/// An IKEv2 IKE_SA_INIT to UDP 500, or to UDP 4500 behind the non-ESP
/// marker (NAT-T). Any parseable IKE response for our SPI counts: the
/// server's own IKE_SA_INIT answer, or a notify (a cookie, the group it wants).
struct IKEProbe {
    let server: IPv4Address
    let natTraversal: Bool
    let localAddress: IPv4Address?
    let schedule: RetransmitSchedule

    var port: UInt16 { natTraversal ? 4500 : 500 }

    func run() -> ProbeVerdict {
        let destination = IPv4Endpoint(server, port)
        let socket: DatagramSocket
        do throws(ProbeSocketError) {
            socket = try DatagramSocket(.udp)
            try socket.bindAnyPort()
        } catch {
            return VerdictEvidence.failed(error)
        }
        let source = IPv4Endpoint(localAddress ?? IPv4Address(0), socket.localEndpoint?.port ?? 0)
        let request = IKESAInitRequest(source: source.transportAddress, destination: destination.transportAddress)
        let marker = natTraversal
        let outcome = DatagramExchange(socket: socket, schedule: schedule).run([
            DatagramExchange.Request(sends: [(request.encoded(nonESPMarker: marker), destination)]) { bytes, from in
                guard from.address == server, let reply = try? IKEMessage(parsing: bytes, nonESPMarker: marker),
                      reply.isResponse, reply.initiatorSPI == request.initiatorSPI else { return nil }
                let notifies = reply.notifyTypes.compactMap(IKENotifyType.init(rawValue:)).map { "\($0)" }
                return "IKE_SA_INIT response" + (notifies.isEmpty ? "" : " (notify \(notifies.joined(separator: ", ")))")
            },
        ])[0]
        return VerdictEvidence.verdict(outcome, schedule: schedule, to: destination)
    }
}
