/// The TCP echo on the probe port: whatever arrives goes back, up to a bound per
/// connection, after which the connection is closed.
enum TCPEchoService {
    static let maximumBytesPerConnection = 65_536

    static func serve(_ connection: TCPConnection) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var echoed = 0
        while echoed < maximumBytesPerConnection, let bytes = connection.read(into: &buffer) {
            let allowed = Array(bytes.prefix(maximumBytesPerConnection - echoed))
            guard connection.write(allowed) else { return }
            echoed += allowed.count
        }
    }
}
