import Foundation

/// A TCP port on 127.0.0.1 held by this process, for the failures a client
/// meets before any server answers. It never accepts a connection.
public final class LoopbackSocket: Sendable {
    public enum Behaviour: Sendable {
        /// Bound but not listening: connecting is refused (RST).
        case refuse
        /// Listening, but never accepting: TCP connects (the kernel's
        /// backlog) and then nothing more happens, so a TLS handshake hangs.
        case stall
    }

    public let port: Int
    private let descriptor: Int32

    /// On `port`, or an ephemeral one when 0.
    public init(_ behaviour: Behaviour, port requested: Int = 0) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Self.failure("socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        address.sin_port = in_port_t(UInt16(requested)).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 && getsockname(descriptor, address, &length) == 0
            }
        }
        guard bound, behaviour == .refuse || listen(descriptor, 8) == 0 else {
            let error = Self.failure("bind/listen")
            close(descriptor)
            throw error
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }

    private static func failure(_ call: String) -> POSIXError {
        POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO, userInfo: [NSLocalizedDescriptionKey: "\(call) on 127.0.0.1 failed"])
    }
}
