import ProbePackets
import VPNCore

/// Verdicts with their evidence, worded the same way for every probe.
enum VerdictEvidence {
    static func verdict(_ outcome: DatagramExchange.Outcome, schedule: RetransmitSchedule, to destination: IPv4Endpoint) -> ProbeVerdict {
        switch outcome {
        case let .reply(_, from, roundTrip, tries, what):
            passed(roundTrip, "\(what) from \(name(from))\(tries > 1 ? " on try \(tries)" : "")")
        case .silence:
            .blocked(evidence: "\(schedule.silenceEvidence) to \(name(destination))")
        case let .sendFailed(error):
            failed(error)
        }
    }

    /// Raw IP protocols (GRE, ESP) have no port: their endpoints are just the address.
    static func name(_ endpoint: IPv4Endpoint) -> String {
        endpoint.port == 0 ? "\(endpoint.address)" : "\(endpoint)"
    }

    static func passed(_ roundTrip: Double, _ what: String) -> ProbeVerdict {
        .pass(roundTripMilliseconds: roundTrip, evidence: "\(what) in \(ProbeDuration.roundTrip(roundTrip))")
    }

    /// A socket failure: missing permission (raw sockets, the socket mark) is not the router's doing, the rest is what the path did.
    static func failed(_ error: ProbeSocketError) -> ProbeVerdict {
        switch error {
        case .rawSocketNotPermitted, .socketMarkFailed: .notChecked(why: error.description)
        case .system: .notChecked(why: "the probe could not run: \(error)")
        case .connectionRefused, .connectionReset, .timedOut, .unreachable, .closedEarly: .blocked(evidence: error.description)
        }
    }

    /// A stream probe that gave up at its deadline.
    static func streamTimeout(_ peer: IPv4Endpoint, _ milliseconds: Int, waitingFor what: String) -> ProbeVerdict {
        .blocked(evidence: "no \(what) from \(peer) in \(ProbeDuration.text(milliseconds))")
    }
}
