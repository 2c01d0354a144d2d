import Addressing
import ProbePackets
import VPNCore

/// An echo in a bare IP protocol (ESP, GRE), sent from a raw socket to the
/// responder and matched on its way back: what the ESP and both GRE probes
/// share. Raw sockets need CAP_NET_RAW; without it the verdict says so.
struct RawEchoProbe {
    let protocolNumber: Int32
    /// "GRE (IP protocol 47)", for errors.
    let protocolName: String
    let server: IPv4Address
    let schedule: RetransmitSchedule

    /// `packet` builds what goes out around the echo; `answer` tells a reply
    /// to it (given the echo sent) and says what it was.
    func run(packet: (ProbeEchoPayload) -> [UInt8]?, answer: @escaping ([UInt8], ProbeEchoPayload) -> String?) -> ProbeVerdict {
        let socket: DatagramSocket
        do throws(ProbeSocketError) {
            socket = try DatagramSocket(.raw(number: protocolNumber, name: protocolName))
        } catch {
            return VerdictEvidence.failed(error)
        }
        let echo = ProbeEchoPayload(probeID: UInt32.random(in: 1...UInt32.max), timestamp: ProbeDuration.nowNanoseconds())
        guard let bytes = packet(echo) else { return .notChecked(why: "the \(protocolName) echo packet could not be built") }
        let server = server
        let outcome = DatagramExchange(socket: socket, schedule: schedule).run([
            DatagramExchange.Request(sends: [(bytes, IPv4Endpoint(server, 0))]) { reply, from in
                from.address == server ? answer(reply, echo) : nil
            },
        ])[0]
        return VerdictEvidence.verdict(outcome, schedule: schedule, to: IPv4Endpoint(server, 0))
    }
}
