import Addressing
import ProbePackets
import VPNCore

/// PPTP control on TCP 1723 (Start-Control-Connection, then an
/// Outgoing-Call) and, inside that call, an enhanced-GRE echo: the order a
/// real PPTP client goes in, so a router's PPTP helper treats the GRE as
/// that call's.
struct PPTPProbe {
    static let port: UInt16 = 1723

    let server: IPv4Address
    let schedule: RetransmitSchedule

    func run() -> (pptp: ProbeVerdict, gre: ProbeVerdict) {
        let destination = IPv4Endpoint(server, Self.port)
        let start = ProbeDuration.nowNanoseconds()
        let budget = UInt64(schedule.giveUpAfter) * 1_000_000
        let ourCallID = UInt16.random(in: 1...UInt16.max)
        let pptp: ProbeVerdict
        let peerCallID: UInt16
        var connection: StreamConnection?
        do throws(ProbeSocketError) {
            let opened = try StreamConnection(to: destination, within: schedule.giveUpAfter)
            connection = opened
            let sent = ProbeDuration.nowNanoseconds()
            try opened.send(PPTPControlMessage.startControlConnectionRequest(
                PPTPStartControlConnection(hostName: "vpnctl-probe", vendor: "vpnctl")).encoded())
            guard case let .startControlConnectionReply(reply) = try next(opened, deadline: sent + budget) else {
                return (.blocked(evidence: "\(destination) answered the Start-Control-Connection-Request with another message"), notCarried)
            }
            guard reply.succeeded else {
                return (.blocked(evidence: "\(destination) refused the PPTP control connection (result \(reply.resultCode))"), notCarried)
            }
            pptp = VerdictEvidence.passed(ProbeDuration.milliseconds(since: sent), "PPTP Start-Control-Connection-Reply from \(destination) (host \"\(reply.hostName)\")")
            try opened.send(PPTPControlMessage.outgoingCallRequest(PPTPOutgoingCallRequest(callID: ourCallID, callSerialNumber: 1)).encoded())
            guard case let .outgoingCallReply(call) = try next(opened, deadline: ProbeDuration.nowNanoseconds() + budget), call.connected,
                  call.peerCallID == ourCallID else {
                return (pptp, .notChecked(why: "the PPTP server did not connect the outgoing call that GRE would carry"))
            }
            peerCallID = call.callID
        } catch {
            if case .timedOut = error {
                return (VerdictEvidence.streamTimeout(destination, Int(ProbeDuration.milliseconds(since: start)), waitingFor: "PPTP reply"), notCarried)
            }
            return (VerdictEvidence.failed(error), notCarried)
        }
        let gre = greEcho(peerCallID: peerCallID, ourCallID: ourCallID)
        withExtendedLifetime(connection) {}
        return (pptp, gre)
    }

    private var notCarried: ProbeVerdict {
        .notChecked(why: "GRE for PPTP rides on a PPTP call, and PPTP control (TCP 1723) did not get one")
    }

    /// Reads the next whole control message.
    private func next(_ connection: StreamConnection, deadline: UInt64) throws(ProbeSocketError) -> PPTPControlMessage? {
        let bytes = try connection.receive(until: { buffered in
            guard buffered.count >= 2 else { return nil }
            let length = Int(buffered[0]) << 8 | Int(buffered[1])
            return buffered.count >= length ? max(length, 2) : nil
        }, deadline: deadline, limit: 4096)
        return try? PPTPControlMessage.parse(bytes).message
    }

    private func greEcho(peerCallID: UInt16, ourCallID: UInt16) -> ProbeVerdict {
        RawEchoProbe(protocolNumber: 47, protocolName: "GRE (IP protocol 47)", server: server, schedule: schedule).run(
            packet: { echo in GREPacket.pptpEcho(callID: peerCallID, sequence: 1, echo: echo).encoded() },
            answer: { bytes, echo in
                guard let reply = try? GREPacket(parsing: bytes), reply.version == .enhanced(callID: ourCallID),
                      (try? ProbeEchoPayload(parsing: reply.payload, kind: .gre))?.probeID == echo.probeID else { return nil }
                return "enhanced GRE echo for call \(ourCallID)"
            }
        )
    }
}
