import ProbePackets

/// The ESP echo (IP protocol 50): an ESP-looking packet carrying a probe echo comes
/// back with the same SPI, sequence number and payload, byte for byte.
struct ESPEchoService: Sendable {
    let socket: RawIPSocket
    let limiter: SharedRateLimiter

    func run() -> Never {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            guard let (bytes, source) = socket.receive(into: &buffer) else { continue }
            guard let packet = try? ESPEchoPacket(parsing: bytes), packet.echo != nil else { continue }
            guard limiter.admit(source, bytes: bytes.count, service: "esp") else { continue }
            socket.send(packet.encoded(), to: source)
        }
    }
}
