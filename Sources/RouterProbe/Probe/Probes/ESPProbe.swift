import VPNCore

/// An ESP-looking packet (IP protocol 50) carrying a ProbeEchoPayload, which
/// the responder returns under the same SPI.
struct ESPProbe {
    let server: IPv4Address
    let schedule: RetransmitSchedule

    func run() -> ProbeVerdict {
        let socket: DatagramSocket
        do throws(ProbeSocketError) {
            socket = try DatagramSocket(.raw(number: 50, name: "ESP (IP protocol 50)"))
        } catch {
            return VerdictEvidence.failed(error)
        }
        let echo = ProbeEchoPayload(probeID: UInt32.random(in: 1...UInt32.max), timestamp: ProbeDuration.nowNanoseconds())
        let spi = UInt32.random(in: 256...UInt32.max)
        guard let packet = try? ESPEchoPacket(spi: spi, sequence: 1, payload: echo.encoded()) else {
            return .notChecked(why: "the ESP echo packet could not be built")
        }
        let server = server
        let outcome = DatagramExchange(socket: socket, schedule: schedule).run([
            DatagramExchange.Request(sends: [(packet.encoded(), IPv4Endpoint(server, 0))]) { bytes, from in
                guard from.address == server, let reply = try? ESPEchoPacket(parsing: bytes), reply.spi == spi,
                      reply.echo?.probeID == echo.probeID else { return nil }
                return "ESP echo under SPI 0x\(String(spi, radix: 16))"
            },
        ])[0]
        return VerdictEvidence.verdict(outcome, schedule: schedule, to: IPv4Endpoint(server, 0))
    }
}
