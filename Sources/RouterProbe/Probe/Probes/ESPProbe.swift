import Addressing
import ProbePackets
import VPNCore

/// An ESP-looking packet (IP protocol 50) carrying a ProbeEchoPayload, which
/// the responder returns under the same SPI.
struct ESPProbe {
    let server: IPv4Address
    let schedule: RetransmitSchedule

    func run() -> ProbeVerdict {
        let spi = UInt32.random(in: 256...UInt32.max)
        return RawEchoProbe(protocolNumber: 50, protocolName: "ESP (IP protocol 50)", server: server, schedule: schedule).run(
            packet: { echo in try? ESPEchoPacket(spi: spi, sequence: 1, payload: echo.encoded()).encoded() },
            answer: { bytes, echo in
                guard let reply = try? ESPEchoPacket(parsing: bytes), reply.spi == spi, reply.echo?.probeID == echo.probeID else { return nil }
                return "ESP echo under SPI 0x\(String(spi, radix: 16))"
            }
        )
    }
}
