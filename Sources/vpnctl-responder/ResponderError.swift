/// Why the responder could not start.
enum ResponderError: Error, CustomStringConvertible {
    case invalidAddress(String)
    case portWithoutNeighbour(UInt16)
    case portClash(String)
    case socketFailed(what: String, errno: Int32)

    var description: String {
        switch self {
        case let .invalidAddress(text):
            "--address \(text) is not an IPv4 address; give the VPN server's address, e.g. 203.0.113.11"
        case let .portWithoutNeighbour(port):
            "--port \(port) leaves no room for the second STUN port \(port)+1; choose a port from 1 to 65534"
        case let .portClash(detail):
            "\(detail); choose different ports"
        case let .socketFailed(what, code):
            "cannot \(what): \(SocketErrno.text(code))" + (code == 1 || code == 13 ? " (raw sockets for GRE and ESP need root; or pass --no-gre --no-esp)" : "")
        }
    }
}

enum SocketErrno {
    static func text(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

#if canImport(Glibc)
import Glibc
#endif
