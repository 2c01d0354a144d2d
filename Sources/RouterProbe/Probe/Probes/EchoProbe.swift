import ProbePackets
import VPNCore

/// A ProbeEchoPayload over UDP to the responder (its probe port, or the
/// WireGuard port the lab redirects to it), which sends it back unchanged.
struct EchoProbe {
    let destination: IPv4Endpoint
    let schedule: RetransmitSchedule

    func run() -> ProbeVerdict {
        let echo = ProbeEchoPayload(probeID: UInt32.random(in: 1...UInt32.max), timestamp: ProbeDuration.nowNanoseconds())
        let target = destination
        let outcome = DatagramExchange.single(DatagramExchange.Request(sends: [(echo.encoded(), destination)]) { bytes, from in
            guard from == target, let reply = try? ProbeEchoPayload(parsing: bytes), reply.probeID == echo.probeID else { return nil }
            return "the UDP echo"
        }, schedule: schedule)
        return VerdictEvidence.verdict(outcome, schedule: schedule, to: destination)
    }
}
