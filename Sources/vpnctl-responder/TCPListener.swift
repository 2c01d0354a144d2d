import Addressing
#if canImport(Glibc)
import Glibc
#endif
import ProbePackets
import Synchronization

/// A listening TCP socket whose accept loop hands each connection to a thread of
/// its own: at most `maximumConnections` at once, `maximumPerSource` of them
/// from one address, and only for peers the rate limiter admits.
struct TCPListener: Sendable {
    let descriptor: Int32
    let local: TransportAddress
    let name: String
    /// How long a connection may last (`TCPConnection.lifetime` unless told).
    let lifetime: Duration

    static let maximumConnections = 64
    static let maximumPerSource = 4

    init(binding local: TransportAddress, name: String, lifetime: Duration = TCPConnection.lifetime) throws(ResponderError) {
        descriptor = try BoundSocket.open(type: Int32(SOCK_STREAM.rawValue), protocol: 0, binding: local, what: "bind TCP \(local)")
        guard listen(descriptor, 16) == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw .socketFailed(what: "listen on TCP \(local)", errno: code)
        }
        self.local = local
        self.name = name
        self.lifetime = lifetime
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
            let connection = TCPConnection(descriptor: accepted, peer: SocketAddress.endpoint(peer), lifetime: lifetime)
            guard limiter.admit(connection.peer.address, service: name) else {
                connection.close()
                continue
            }
            guard open.take(for: connection.peer.address) else {
                ResponderLog.line("\(name): refusing \(connection.peer): \(Self.maximumPerSource) connections from it, or \(Self.maximumConnections) in all, are open already")
                connection.close()
                continue
            }
            let source = connection.peer.address
            ServiceThread.start("\(name) \(connection.peer)") {
                serve(connection)
                connection.close()
                open.give(for: source)
            }
        }
    }

    /// Connections open, in all and by source address.
    final class OpenConnections: Sendable {
        private let counts = Mutex<(all: Int, bySource: [IPAddress: Int])>((0, [:]))

        func take(for source: IPAddress) -> Bool {
            counts.withLock { counts in
                let fromSource = counts.bySource[source, default: 0]
                guard counts.all < TCPListener.maximumConnections, fromSource < TCPListener.maximumPerSource else { return false }
                counts.all += 1
                counts.bySource[source] = fromSource + 1
                return true
            }
        }

        func give(for source: IPAddress) {
            counts.withLock { counts in
                counts.all -= 1
                let left = counts.bySource[source, default: 1] - 1
                counts.bySource[source] = left > 0 ? left : nil
            }
        }
    }
}
