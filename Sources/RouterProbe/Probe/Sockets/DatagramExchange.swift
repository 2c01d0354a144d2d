import ProbePackets

/// Several request/reply exchanges over one datagram socket at once, each
/// resent on the schedule until its reply comes or it gives up. One socket
/// for all of them is the point where it matters: STUN's two mappings and
/// the port-mapping burst must come from the same source port.
struct DatagramExchange {
    struct Request {
        /// What goes out at each try: usually one packet, for SSDP a unicast and a multicast copy.
        var sends: [(bytes: [UInt8], to: IPv4Endpoint)]
        /// Whether a received datagram answers this request, and if so, a
        /// sentence saying what answered ("SCCRP from xl2tpd 'de-fra-001'").
        var accepts: ([UInt8], IPv4Endpoint) -> String?
        /// Its own send times, for a request whose answers come late by
        /// design (SSDP); nil: the exchange's. Giving up is the exchange's.
        var resends: RetransmitSchedule? = nil
    }

    /// What became of one request.
    enum Outcome {
        case reply(bytes: [UInt8], from: IPv4Endpoint, roundTripMilliseconds: Double, tries: Int, what: String)
        case silence(tries: Int)
        case sendFailed(ProbeSocketError)

        var replyBytes: [UInt8]? {
            if case let .reply(bytes, _, _, _, _) = self { bytes } else { nil }
        }
    }

    let socket: DatagramSocket
    let schedule: RetransmitSchedule
    /// For probes where one answer says the rest will not come (the path MTU
    /// sizes): once a reply is in, the others get this many times its round
    /// trip (at least 30 ms) before they count as unanswered.
    var settleFactor: Double? = nil

    func run(_ requests: [Request]) -> [Outcome] {
        var outcomes: [Outcome?] = Array(repeating: nil, count: requests.count)
        var sent = Array(repeating: 0, count: requests.count)
        var lastSend = Array(repeating: UInt64(0), count: requests.count)
        let start = ProbeDuration.nowNanoseconds()
        func elapsed() -> Int { Int(ProbeDuration.milliseconds(since: start)) }
        var settleBy: Int?

        while outcomes.contains(where: { $0 == nil }), !schedule.hasGivenUp(at: elapsed()), settleBy.map({ elapsed() < $0 }) ?? true {
            let now = elapsed()
            for index in requests.indices where outcomes[index] == nil {
                while sent[index] < (requests[index].resends ?? schedule).triesDue(at: now) {
                    sent[index] += 1
                    lastSend[index] = ProbeDuration.nowNanoseconds()
                    do throws(ProbeSocketError) {
                        for packet in requests[index].sends { try socket.send(packet.bytes, to: packet.to) }
                    } catch {
                        outcomes[index] = .sendFailed(error)
                        break
                    }
                }
            }
            var wait = requests.indices.filter { outcomes[$0] == nil }
                .map { (requests[$0].resends ?? schedule).wait(at: elapsed(), sent: sent[$0]) }.min() ?? 0
            if let settleBy { wait = min(wait, max(0, settleBy - elapsed())) }
            guard socket.waitReadable(milliseconds: wait) else { continue }
            while let (bytes, source) = socket.receiveNow() {
                for index in requests.indices where outcomes[index] == nil {
                    guard let what = requests[index].accepts(bytes, source) else { continue }
                    // Timed from the latest try: the one most likely answered.
                    let roundTrip = ProbeDuration.milliseconds(since: lastSend[index])
                    outcomes[index] = .reply(bytes: bytes, from: source, roundTripMilliseconds: roundTrip, tries: sent[index], what: what)
                    if let settleFactor, settleBy == nil { settleBy = elapsed() + max(30, Int(roundTrip * settleFactor)) }
                    break
                }
            }
        }
        return outcomes.enumerated().map { index, outcome in outcome ?? .silence(tries: sent[index]) }
    }
}

extension DatagramExchange {
    /// One request on a fresh UDP socket: the shape of most passthrough probes.
    static func single(_ request: Request, schedule: RetransmitSchedule) -> Outcome {
        do throws(ProbeSocketError) {
            let socket = try DatagramSocket(.udp)
            try socket.bindAnyPort()
            return DatagramExchange(socket: socket, schedule: schedule).run([request])[0]
        } catch {
            return .sendFailed(error)
        }
    }
}
