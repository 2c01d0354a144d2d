#if canImport(Glibc)
import Glibc
#endif
import ProbePackets

/// The loop on one of the two UDP ports: STUN on both, the echoes on the primary one.
struct UDPPortService: Sendable {
    let socket: UDPSocket
    /// The socket of the other port, for STUN requests that ask for a change of port.
    let otherSocket: UDPSocket
    let stun: STUNService
    let echoes: Bool
    let limiter: SharedRateLimiter

    var name: String { "udp \(socket.local.port)" }

    func run() -> Never {
        // The largest UDP payload fits, so no datagram is ever cut short.
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            guard let (bytes, sender) = socket.receive(into: &buffer) else { continue }
            handle(bytes, from: sender)
        }
    }

    private func handle(_ bytes: [UInt8], from sender: TransportAddress) {
        guard limiter.admit(sender.address, bytes: bytes.count, service: name) else { return }
        if echoes, UDPEchoService.isEcho(bytes) {
            socket.send(bytes, to: sender)
            return
        }
        guard STUNService.looksLikeSTUN(bytes) else {
            ResponderLog.line("\(name): ignoring \(bytes.count) bytes from \(sender): neither STUN nor an echo probe")
            return
        }
        switch stun.answer(bytes, from: sender, arrivedAt: socket.local) {
        case let .reply(reply, origin):
            (origin == socket.local ? socket : otherSocket).send(reply, to: sender)
        case let .refuse(reason):
            ResponderLog.line("\(name): ignoring a STUN request from \(sender): \(reason)")
        }
    }
}
