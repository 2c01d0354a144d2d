import ProbePackets
import VPNCore

/// A TCP connect that completes: all the tcp443 key asks.
struct TCPConnectProbe {
    let destination: IPv4Endpoint
    let schedule: RetransmitSchedule

    func run() -> ProbeVerdict {
        let start = ProbeDuration.nowNanoseconds()
        do throws(ProbeSocketError) {
            _ = try StreamConnection(to: destination, within: schedule.giveUpAfter)
            return VerdictEvidence.passed(ProbeDuration.milliseconds(since: start), "TCP connect to \(destination) completed")
        } catch {
            if case .timedOut = error {
                return VerdictEvidence.streamTimeout(destination, schedule.giveUpAfter, waitingFor: "answer to the TCP SYN")
            }
            return VerdictEvidence.failed(error)
        }
    }
}
