import ProbePackets
import VPNCore

/// Don't-Fragment UDP probes of several sizes at once through the
/// responder's echo, a few rounds of the MTU search.
struct PathMTUProbe {
    let destination: IPv4Endpoint
    let interfaceMTU: Int
    let schedule: RetransmitSchedule
    let sizesPerRound: Int
    let maximumRounds: Int

    /// The path MTU, and a sentence on what was seen.
    func run() -> (mtu: Int?, evidence: String) {
        guard var search = try? MTUSearch(upper: max(576, interfaceMTU)) else { return (nil, "the interface MTU \(interfaceMTU) is out of range") }
        let socket: DatagramSocket
        do throws(ProbeSocketError) {
            socket = try DatagramSocket(.udp)
            try socket.setDontFragment()
            try socket.bindAnyPort()
        } catch {
            return (nil, "the MTU probe socket failed: \(error)")
        }
        let start = ProbeDuration.nowNanoseconds()
        let base = UInt32.random(in: 1...(UInt32.max / 2))
        let target = destination
        while !search.isSettled, search.rounds < maximumRounds, Int(ProbeDuration.milliseconds(since: start)) < schedule.giveUpAfter {
            let sizes = search.nextSizes(count: sizesPerRound)
            guard !sizes.isEmpty else { break }
            let requests = sizes.compactMap { size -> DatagramExchange.Request? in
                let probeID = base &+ UInt32(size)
                guard let payload = try? MTUProbePayload(probeID: probeID, size: MTUProbePayload.payloadSize(forPathMTU: size, ipv6: false)) else { return nil }
                return DatagramExchange.Request(sends: [(payload.encoded(), target)]) { bytes, from in
                    guard from == target, let echo = try? MTUProbePayload(parsing: bytes), echo.probeID == probeID else { return nil }
                    return "\(size)-byte packet"
                }
            }
            let outcomes = DatagramExchange(socket: socket, schedule: schedule, settleFactor: 4).run(requests)
            let passed = Set(zip(sizes, outcomes).compactMap { size, outcome in outcome.replyBytes == nil ? nil : size })
            search.record(tried: sizes, passed: passed)
            if search.largestPassed == nil { break }
        }
        guard let mtu = search.result else {
            return (nil, "no MTU probe came back through \(destination) (\(schedule.silenceEvidence))")
        }
        let exact = search.isSettled ? "" : " (the search stopped within \(search.smallestFailed - mtu) bytes)"
        return (mtu, "\(mtu)-byte DF packets crossed to \(destination) and back, \(search.smallestFailed > search.upper ? "the interface's MTU" : "\(search.smallestFailed) did not")\(exact)")
    }
}
