/// The TCP echo on the probe port: whatever arrives goes back, up to a bound per
/// connection, after which the connection is closed.
enum TCPEchoService {
    static let maximumBytesPerConnection = 65_536

    /// Each chunk is echoed only if the rate limiter grants its bytes: a
    /// source over its byte rate loses the connection.
    static func serve(_ connection: TCPConnection, limiter: SharedRateLimiter, name: String) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var echoed = 0
        while echoed < maximumBytesPerConnection, let bytes = connection.read(into: &buffer) {
            let allowed = Array(bytes.prefix(maximumBytesPerConnection - echoed))
            guard limiter.admit(connection.peer.address, bytes: allowed.count, service: name), connection.write(allowed) else { return }
            echoed += allowed.count
        }
    }
}
