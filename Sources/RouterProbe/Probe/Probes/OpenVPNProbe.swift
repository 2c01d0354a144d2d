#if canImport(Glibc)
import Glibc
#endif
import ProbePackets
import VPNCore

/// P_CONTROL_HARD_RESET_CLIENT_V2 to the server's OpenVPN over UDP or TCP,
/// wrapped with tls-crypt when the server uses it (it drops anything else
/// unanswered); passes when the server's hard reset comes back and, with
/// tls-crypt, its tag checks out under the server's key.
struct OpenVPNProbe {
    let destination: IPv4Endpoint
    let overTCP: Bool
    let tlsCrypt: TLSCrypt?
    let schedule: RetransmitSchedule

    func run() -> ProbeVerdict {
        let reset = OpenVPNHardReset()
        let packet: [UInt8]
        do throws(PacketError) {
            packet = try tlsCrypt?.wrap(reset.encoded(), packetID: 1, time: UInt32(truncatingIfNeeded: time(nil))) ?? reset.encoded()
        } catch {
            return .notChecked(why: "the OpenVPN hard reset could not be wrapped: \(error)")
        }
        return overTCP ? runTCP(packet, session: reset.sessionID) : runUDP(packet, session: reset.sessionID)
    }

    /// What answered, or nil when `bytes` are not the server's reset to our session.
    private func serverReset(_ bytes: [UInt8], session: [UInt8]) -> String? {
        let unwrapped: [UInt8]
        if let tlsCrypt {
            guard let opened = try? tlsCrypt.unwrap(bytes) else { return nil }
            unwrapped = opened
        } else {
            unwrapped = bytes
        }
        guard let reply = try? OpenVPNPacket(parsing: unwrapped), reply.isServerHardReset,
              reply.acknowledges(clientSessionID: session) != false else { return nil }
        return "OpenVPN server hard reset" + (tlsCrypt != nil ? " (tls-crypt verified)" : "")
    }

    private func runUDP(_ packet: [UInt8], session: [UInt8]) -> ProbeVerdict {
        let target = destination
        let outcome = DatagramExchange.single(DatagramExchange.Request(sends: [(packet, destination)]) { bytes, from in
            from == target ? serverReset(bytes, session: session) : nil
        }, schedule: schedule)
        return VerdictEvidence.verdict(outcome, schedule: schedule, to: destination)
    }

    private func runTCP(_ packet: [UInt8], session: [UInt8]) -> ProbeVerdict {
        let start = ProbeDuration.nowNanoseconds()
        let deadline = start + UInt64(schedule.giveUpAfter) * 1_000_000
        do throws(ProbeSocketError) {
            let connection = try StreamConnection(to: destination, within: schedule.giveUpAfter)
            let sent = ProbeDuration.nowNanoseconds()
            try connection.send([UInt8(packet.count >> 8), UInt8(packet.count & 0xFF)] + packet)
            let frame = try connection.receive(until: { buffered in
                guard buffered.count >= 2 else { return nil }
                let length = Int(buffered[0]) << 8 | Int(buffered[1])
                return buffered.count >= 2 + length ? 2 + length : nil
            }, deadline: deadline)
            let roundTrip = ProbeDuration.milliseconds(since: sent)
            guard let what = serverReset(Array(frame.dropFirst(2)), session: session) else {
                return .blocked(evidence: "\(destination) accepted the connection but answered the hard reset with \(frame.count) bytes that are not OpenVPN's reset")
            }
            return VerdictEvidence.passed(roundTrip, "\(what) over TCP from \(destination)")
        } catch {
            if case .timedOut = error {
                return VerdictEvidence.streamTimeout(destination, Int(ProbeDuration.milliseconds(since: start)), waitingFor: "OpenVPN server hard reset")
            }
            return VerdictEvidence.failed(error)
        }
    }
}
