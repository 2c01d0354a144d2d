import Addressing
@testable import ProbePackets
@testable import RouterProbe
import TestSupport
import Testing
import VPNCore

/// The exchange machinery against loopback peers of the test's own: loss
/// is recovered by retransmission, silence ends at the give-up with the
/// count of tries, and TCP's refusals become evidence.
@Suite struct ProbeLoopbackTests {
    static let loopback = IPv4Address("127.0.0.1")!

    @Test func aLostProbeIsRecoveredByTheThirdTry() async throws {
        let echo = try LossyLoopbackEcho(drop: 2)
        defer { echo.stop() }
        let destination = IPv4Endpoint(Self.loopback, echo.port)
        let verdict = await ProbeRunner(namespace: nil, socketMark: nil, timeline: nil).run("loopback", { .notChecked(why: $0) }) {
            EchoProbe(destination: destination, schedule: .standard).run()
        }
        #expect(verdict.passes, "\(verdict)")
        #expect(verdict.evidence.contains("the UDP echo from 127.0.0.1:\(echo.port) on try 3"), "\(verdict.evidence)")
        #expect(echo.datagramsReceived == 3, "one datagram per try, none after the answer")
    }

    @Test func silenceEndsAtTheGiveUpAfterEveryTry() async throws {
        let echo = try LossyLoopbackEcho(drop: .max)
        defer { echo.stop() }
        let schedule = try RetransmitSchedule(sendOffsets: [0, 10, 30], giveUpAfter: 80)
        let destination = IPv4Endpoint(Self.loopback, echo.port)
        let verdict = await ProbeRunner(namespace: nil, socketMark: nil, timeline: nil).run("loopback", { .notChecked(why: $0) }) {
            EchoProbe(destination: destination, schedule: schedule).run()
        }
        #expect(verdict == .blocked(evidence: "no reply in 80 ms after 3 tries to 127.0.0.1:\(echo.port)"))
        #expect(echo.datagramsReceived == 3)
    }

    @Test func aRefusedConnectionIsBlockedSayingSo() async throws {
        let refusing = try LoopbackSocket(.refuse)
        let destination = IPv4Endpoint(Self.loopback, UInt16(refusing.port))
        let verdict = await ProbeRunner(namespace: nil, socketMark: nil, timeline: nil).run("loopback", { .notChecked(why: $0) }) {
            TCPConnectProbe(destination: destination, schedule: .standard).run()
        }
        #expect(verdict == .blocked(evidence: "connection refused by 127.0.0.1:\(refusing.port)"))
    }

    @Test func aCompletedConnectPasses() async throws {
        let listening = try LoopbackSocket(.stall)
        let destination = IPv4Endpoint(Self.loopback, UInt16(listening.port))
        let verdict = await ProbeRunner(namespace: nil, socketMark: nil, timeline: nil).run("loopback", { .notChecked(why: $0) }) {
            TCPConnectProbe(destination: destination, schedule: .standard).run()
        }
        #expect(verdict.passes, "\(verdict)")
        #expect(verdict.evidence.hasPrefix("TCP connect to 127.0.0.1:\(listening.port) completed in"))
    }

    @Test func anOpenVPNServerThatSaysNothingOverTCPEndsAtTheDeadline() async throws {
        let listening = try LoopbackSocket(.stall)
        let destination = IPv4Endpoint(Self.loopback, UInt16(listening.port))
        let schedule = try RetransmitSchedule(sendOffsets: [0], giveUpAfter: 100)
        let verdict = await ProbeRunner(namespace: nil, socketMark: nil, timeline: nil).run("loopback", { .notChecked(why: $0) }) {
            OpenVPNProbe(destination: destination, overTCP: true, tlsCrypt: nil, schedule: schedule).run()
        }
        #expect(verdict.isBlocked, "\(verdict)")
        #expect(verdict.evidence.contains("no OpenVPN server hard reset from 127.0.0.1:\(listening.port)"), "\(verdict.evidence)")
    }
}
