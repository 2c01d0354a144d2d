#if canImport(Glibc)
import Glibc
#endif
import ProbePackets
import Synchronization

/// A listening TCP socket whose accept loop hands each connection to a thread of
/// its own, at most `maximumConnections` at once and only for peers the rate
/// limiter admits.
struct TCPListener: Sendable {
    let descriptor: Int32
    let local: TransportAddress
    let name: String

    static let maximumConnections = 64

    init(binding local: TransportAddress, name: String) throws(ResponderError) {
        descriptor = try BoundSocket.open(type: Int32(SOCK_STREAM.rawValue), protocol: 0, binding: local, what: "bind TCP \(local)")
        guard listen(descriptor, 16) == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw .socketFailed(what: "listen on TCP \(local)", errno: code)
        }
        self.local = local
        self.name = name
    }

    func run(limiter: SharedRateLimiter, serve: @escaping @Sendable (TCPConnection) -> Void) -> Never {
        let open = OpenConnections()
        while true {
            var peer = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let accepted = withUnsafeMutablePointer(to: &peer) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(descriptor, $0, &length) }
            }
            guard accepted >= 0 else {
                // Out of descriptors (EMFILE) would fail again at once: pause rather than spin.
                usleep(100_000)
                continue
            }
            let connection = TCPConnection(descriptor: accepted, peer: SocketAddress.endpoint(peer))
            guard limiter.admit(connection.peer.address, service: name) else {
                connection.close()
                continue
            }
            guard open.take() else {
                ResponderLog.line("\(name): refusing \(connection.peer): \(Self.maximumConnections) connections are open already")
                connection.close()
                continue
            }
            ServiceThread.start("\(name) \(connection.peer)") {
                serve(connection)
                connection.close()
                open.give()
            }
        }
    }

    private final class OpenConnections: Sendable {
        private let count = Mutex(0)
        func take() -> Bool {
            count.withLock { count in
                guard count < TCPListener.maximumConnections else { return false }
                count += 1
                return true
            }
        }
        func give() { count.withLock { $0 -= 1 } }
    }
}
