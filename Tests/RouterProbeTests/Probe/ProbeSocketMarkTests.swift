import Addressing
import Foundation
@testable import ProbePackets
@testable import RouterProbe
import TestSupport
import Testing
import VPNCore

/// `ProbeOptions.socketMark` on the wire: in a namespace of the test's own,
/// a UDP echo and a TCP listener on 443 sit on its loopback behind an
/// nftables output chain that lets packets to them (and any ESP) out only
/// when they carry the mark 0xca6c, counting marked and unmarked ones apart.
/// The marked probe reaches them and the unmarked one is dropped: what the
/// kill switch will do to the daemon's probe while it connects.
@Suite struct ProbeSocketMarkTests {
    static let mark: UInt32 = 0xCA6C
    static let loopback = IPv4Address("127.0.0.1")!
    static let kinds = ["udp", "tcp", "esp"]

    final class MarkedPeers: Sendable {
        let namespace: PrivateNamespace
        let echo: LossyLoopbackEcho
        let listener: LoopbackSocket

        private init(namespace: PrivateNamespace, echo: LossyLoopbackEcho, listener: LoopbackSocket) {
            self.namespace = namespace
            self.echo = echo
            self.listener = listener
        }

        static func make() async throws -> MarkedPeers {
            let namespace = try PrivateNamespace(prefix: "vpnmark-p")
            do {
                // Opened on a thread inside the namespace, so they live there.
                let (echo, listener) = try await namespace.run { (try LossyLoopbackEcho(drop: 0), try LoopbackSocket(.stall, port: 443)) }
                let peers = MarkedPeers(namespace: namespace, echo: echo, listener: listener)
                try namespace.nft("""
                    table inet vpnmark {
                        chain output {
                            type filter hook output priority filter; policy accept;
                            ip daddr 127.0.0.1 udp dport \(echo.port) meta mark 0xca6c counter accept comment "udp marked"
                            ip daddr 127.0.0.1 udp dport \(echo.port) counter drop comment "udp unmarked"
                            ip daddr 127.0.0.1 tcp dport 443 meta mark 0xca6c counter accept comment "tcp marked"
                            ip daddr 127.0.0.1 tcp dport 443 counter drop comment "tcp unmarked"
                            ip daddr 127.0.0.1 ip protocol esp meta mark 0xca6c counter accept comment "esp marked"
                            ip daddr 127.0.0.1 ip protocol esp counter drop comment "esp unmarked"
                        }
                    }
                    """)
                return peers
            } catch {
                namespace.delete()
                throw error
            }
        }

        func packets(_ comment: String) throws -> Int {
            try namespace.packets(table: "vpnmark", chain: "output", comment: comment)
        }

        var target: ProbeTarget {
            ProbeTarget(server: ServerID(rawValue: "xx-mark-001")!, address: ProbeSocketMarkTests.loopback, probePort: echo.port)
        }

        func stop() {
            echo.stop()
            namespace.delete()
        }
    }

    /// The daemon's: a probe that is never answered (STUN to a plain echo)
    /// or dropped (TCP) ends at its give-up, 1.2 s.
    static let schedule = RetransmitSchedule.standard

    @Test func aMarkedProbeReachesPeersThatOnlyMarkedPacketsMayReach() async throws {
        let peers = try await MarkedPeers.make()
        defer { peers.stop() }

        let options = ProbeOptions(schedule: Self.schedule, networkNamespace: peers.namespace.path, socketMark: Self.mark)
        let report = await RouterProber.probe(peers.target, options: options)

        let udp = report.verdict(.udp), tcp = report.verdict(.tcp443)
        #expect(udp.passes && udp.evidence.contains("the UDP echo from 127.0.0.1:\(peers.echo.port)"), "\(udp)")
        #expect(tcp.passes && tcp.evidence.hasPrefix("TCP connect to 127.0.0.1:443 completed"), "\(tcp)")
        #expect(peers.echo.datagramsReceived > 0)
        // Every packet to the peers was marked: the echo's, STUN's and the
        // MTU search's UDP, the TCP connect, the raw ESP echo.
        for kind in Self.kinds {
            #expect(try peers.packets("\(kind) marked") > 0, "\(kind)")
            #expect(try peers.packets("\(kind) unmarked") == 0, "\(kind)")
        }
    }

    /// Through the cache (a miss, so a fresh probe): the options' mark goes along.
    @Test func theCachedProbeMarksItsPacketsToo() async throws {
        let peers = try await MarkedPeers.make()
        defer { peers.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }

        let options = ProbeOptions(schedule: Self.schedule, networkNamespace: peers.namespace.path, socketMark: Self.mark)
        let (report, cached) = await RouterProber.probe(peers.target, cache: ProbeCache(directory: directory.path), fresh: false, options: options)

        #expect(!cached)
        #expect(report.verdict(.udp).passes, "\(report.verdict(.udp))")
        #expect(report.verdict(.tcp443).passes, "\(report.verdict(.tcp443))")
        for kind in Self.kinds {
            #expect(try peers.packets("\(kind) marked") > 0, "\(kind)")
            #expect(try peers.packets("\(kind) unmarked") == 0, "\(kind)")
        }
    }

    /// The same probe without a mark: the rule is what lets the marked one through.
    @Test func anUnmarkedProbeIsDroppedByTheSameRules() async throws {
        let peers = try await MarkedPeers.make()
        defer { peers.stop() }

        let options = ProbeOptions(schedule: Self.schedule, networkNamespace: peers.namespace.path)
        #expect(options.socketMark == nil)
        let report = await RouterProber.probe(peers.target, options: options)

        #expect(!report.verdict(.udp).passes, "\(report.verdict(.udp))")
        #expect(!report.verdict(.tcp443).passes, "\(report.verdict(.tcp443))")
        #expect(!report.verdict(.esp).passes, "\(report.verdict(.esp))")
        #expect(peers.echo.datagramsReceived == 0)
        for kind in Self.kinds {
            #expect(try peers.packets("\(kind) marked") == 0, "\(kind)")
            #expect(try peers.packets("\(kind) unmarked") > 0, "\(kind)")
        }
    }

    /// Without CAP_NET_ADMIN (and CAP_NET_RAW, which also allows SO_MARK)
    /// the mark cannot be set: the verdict says what is missing, and nothing
    /// goes out unmarked instead. The capabilities are dropped from the
    /// probe's own thread only, after it entered the namespace.
    @Test func aMarkThatCannotBeSetIsNotCheckedAndNothingIsSent() async throws {
        let peers = try await MarkedPeers.make()
        defer { peers.stop() }

        let echo = IPv4Endpoint(Self.loopback, peers.echo.port), listener = IPv4Endpoint(Self.loopback, 443)
        let schedule = Self.schedule
        let runner = ProbeRunner(namespace: peers.namespace.path, socketMark: Self.mark, timeline: nil)
        let verdicts = await runner.run("unmarkable", { [ProbeVerdict.notChecked(why: $0)] }) { () -> [ProbeVerdict] in
            do {
                try ThreadCapabilities.drop([ThreadCapabilities.netAdmin, ThreadCapabilities.netRaw])
            } catch {
                return [.notChecked(why: "\(error)")]
            }
            return [EchoProbe(destination: echo, schedule: schedule).run(), TCPConnectProbe(destination: listener, schedule: schedule).run()]
        }
        let expected = ProbeVerdict.notChecked(
            why: "marking the probe's packets with firewall mark 0xca6c (SO_MARK) needs root or CAP_NET_ADMIN; run the probe as the daemon does (nothing was sent unmarked)")
        #expect(verdicts == [expected, expected])
        #expect(peers.echo.datagramsReceived == 0)
        for kind in ["udp", "tcp"] {
            #expect(try peers.packets("\(kind) marked") == 0, "\(kind)")
            #expect(try peers.packets("\(kind) unmarked") == 0, "\(kind)")
        }
    }

    /// The mark belongs to the probe thread that was given it, and to the
    /// sockets opened there: no other thread has one.
    @Test func theMarkIsTheProbeThreadsAndItsSocketsOnly() async throws {
        let runner = ProbeRunner(namespace: nil, socketMark: Self.mark, timeline: nil)
        let marked = await runner.run("mark", { _ in [UInt32?]() }) { () -> [UInt32?] in
            let socket = try? DatagramSocket(.udp)
            return [ProbeThread.socketMark, socket.flatMap { Self.mark(of: $0.descriptor) }]
        }
        #expect(marked == [Self.mark, Self.mark])

        let unmarked = await ProbeRunner(namespace: nil, socketMark: nil, timeline: nil).run("no mark", { _ in [UInt32?]() }) { () -> [UInt32?] in
            let socket = try? DatagramSocket(.udp)
            return [ProbeThread.socketMark, socket.flatMap { Self.mark(of: $0.descriptor) }]
        }
        #expect(unmarked == [nil, 0])
        let elsewhere = try await offPool { ProbeThread.socketMark }
        #expect(elsewhere == nil)
    }

    /// SO_MARK as the kernel has it (reading it needs no capability).
    static func mark(of descriptor: Int32) -> UInt32? {
        var value: UInt32 = 0
        var length = socklen_t(MemoryLayout<UInt32>.size)
        return getsockopt(descriptor, SOL_SOCKET, ProbeSocketMark.option, &value, &length) == 0 ? value : nil
    }
}
