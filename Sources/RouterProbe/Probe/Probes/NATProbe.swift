import ProbePackets
import VPNCore

/// STUN Binding to the responder and then to the other address its answer
/// names, from one socket: whether there is NAT, and whether the mapping
/// depends on the destination.
struct NATProbe {
    struct Result: Sendable {
        var first: STUNBindingResponse?
        var second: STUNBindingResponse?
        /// The first Binding's exchange, as UDP evidence.
        var verdict: ProbeVerdict
        /// What the second exchange came to, for the mapping's evidence.
        var secondEvidence: String?
    }

    let responder: IPv4Endpoint
    let schedule: RetransmitSchedule

    func run() -> Result {
        let socket: DatagramSocket
        do throws(ProbeSocketError) {
            socket = try DatagramSocket(.udp)
            try socket.bindAnyPort()
        } catch {
            return Result(verdict: VerdictEvidence.failed(error))
        }
        let exchange = DatagramExchange(socket: socket, schedule: schedule)
        let (firstOutcome, first) = binding(exchange, to: responder)
        var result = Result(first: first, verdict: VerdictEvidence.verdict(firstOutcome, schedule: schedule, to: responder))
        guard let first else { return result }
        guard let other = first.otherAddress.flatMap(IPv4Endpoint.init), other != responder else {
            result.secondEvidence = "the STUN answer names no other address to compare with"
            return result
        }
        let (secondOutcome, second) = binding(exchange, to: other)
        result.second = second
        result.secondEvidence = VerdictEvidence.verdict(secondOutcome, schedule: schedule, to: other).evidence
        return result
    }

    private func binding(_ exchange: DatagramExchange, to destination: IPv4Endpoint) -> (DatagramExchange.Outcome, STUNBindingResponse?) {
        let request = STUNBindingRequest()
        let parse: ([UInt8]) -> STUNBindingResponse? = { bytes in
            guard case let .success(response)? = try? STUNBindingReply(parsing: bytes, expecting: request.transactionID) else { return nil }
            return response
        }
        let outcome = exchange.run([DatagramExchange.Request(sends: [(request.encoded(), destination)]) { bytes, _ in
            parse(bytes).map { "STUN Binding success (mapped \($0.mappedAddress))" }
        }])[0]
        return (outcome, outcome.replyBytes.flatMap(parse))
    }
}
