#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A socket the test opens in the client namespace (UDP, TCP or raw IP) and then
/// uses from any thread; receiving waits with poll() for at most a deadline and
/// says so when nothing came.
final class ClientSocket: @unchecked Sendable {
    let descriptor: Int32
    /// Raw IP sockets receive the IP header too; `receive` strips it.
    private let isRaw: Bool

    private init(descriptor: Int32, isRaw: Bool) {
        self.descriptor = descriptor
        self.isRaw = isRaw
    }

    deinit { close(descriptor) }

    static func udp(in namespace: String, from address: String = ResponderNetwork.clientAddress) async throws -> ClientSocket {
        try await NetworkNamespace.run(in: namespace) {
            let socket = try make(Int32(SOCK_DGRAM.rawValue), 0)
            try socket.bind(address, port: 0)
            return socket
        }
    }

    static func tcp(in namespace: String, to address: String, port: UInt16) async throws -> ClientSocket {
        try await NetworkNamespace.run(in: namespace) {
            let socket = try make(Int32(SOCK_STREAM.rawValue), 0)
            try socket.bind(ResponderNetwork.clientAddress, port: 0)
            var peer = try Self.address(address, port: port)
            let connected = withUnsafePointer(to: &peer) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket.descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            } }
            guard connected == 0 else { throw ResponderTestError("connect to \(address):\(port) failed: errno \(errno)") }
            return socket
        }
    }

    /// A raw socket for IP protocol `number` (GRE 47, ESP 50).
    static func raw(in namespace: String, protocol number: Int32) async throws -> ClientSocket {
        try await NetworkNamespace.run(in: namespace) {
            let socket = try make(Int32(SOCK_RAW.rawValue), number, raw: true)
            try socket.bind(ResponderNetwork.clientAddress, port: 0)
            return socket
        }
    }

    private static func make(_ type: Int32, _ number: Int32, raw: Bool = false) throws -> ClientSocket {
        let descriptor = socket(AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), number)
        guard descriptor >= 0 else { throw ResponderTestError("socket() failed: errno \(errno)") }
        return ClientSocket(descriptor: descriptor, isRaw: raw)
    }

    static func address(_ text: String, port: UInt16) throws -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, text, &address.sin_addr) == 1 else { throw ResponderTestError("\(text) is not an IPv4 address") }
        return address
    }

    private func bind(_ text: String, port: UInt16) throws {
        var local = try Self.address(text, port: port)
        let bound = withUnsafePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        } }
        guard bound == 0 else { throw ResponderTestError("bind to \(text):\(port) failed: errno \(errno)") }
    }

    /// Where this socket is bound: what the responder should report as the mapped address.
    var localPort: UInt16 {
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        return UInt16(bigEndian: local.sin_port)
    }

    func send(_ bytes: [UInt8], to address: String, port: UInt16 = 0) throws {
        var peer = try Self.address(address, port: port)
        let sent = withUnsafePointer(to: &peer) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bytes.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, 0, pointer, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } }
        guard sent == bytes.count else { throw ResponderTestError("sendto \(address):\(port) sent \(sent) of \(bytes.count) bytes: errno \(errno)") }
    }

    /// For a connected TCP socket.
    func write(_ bytes: [UInt8]) throws {
        let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw ResponderTestError("send wrote \(sent) of \(bytes.count) bytes: errno \(errno)") }
    }

    struct Received: Sendable {
        let bytes: [UInt8]
        let address: String
        let port: UInt16
    }

    /// The next datagram (or TCP bytes, or raw packet's payload after its IP header)
    /// and its sender. Blocks up to `seconds`: call it off the cooperative pool.
    func receive(within seconds: Double) throws -> Received {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, Int32(seconds * 1000))
        guard ready > 0 else { throw ResponderTestError("no reply within \(seconds) s") }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var sender = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = buffer.withUnsafeMutableBytes { raw in
            withUnsafeMutablePointer(to: &sender) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                recvfrom(descriptor, raw.baseAddress, raw.count, 0, $0, &length)
            } }
        }
        guard count >= 0 else { throw ResponderTestError("recvfrom failed: errno \(errno)") }
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        inet_ntop(AF_INET, &sender.sin_addr, &text, socklen_t(text.count))
        var bytes = Array(buffer[0..<count])
        if isRaw, let first = bytes.first {
            bytes = Array(bytes.dropFirst(Int(first & 0x0F) * 4))
        }
        return Received(bytes: bytes, address: String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self), port: UInt16(bigEndian: sender.sin_port))
    }

    /// Reads a TCP stream until `count` bytes have come, or throws naming how many did.
    func read(exactly count: Int, within seconds: Double) throws -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count < count {
            let chunk = try receive(within: seconds).bytes
            guard !chunk.isEmpty else { throw ResponderTestError("the connection closed after \(bytes.count) of \(count) bytes") }
            bytes += chunk
        }
        return bytes
    }
}
