#if canImport(Glibc)
import Glibc
#endif

/// Why the responder could not start.
enum ResponderError: Error, CustomStringConvertible {
    case invalidAddress(String)
    case portWithoutNeighbour(UInt16)
    case portClash(String)
    case socketFailed(what: String, errno: Int32)
    case unknownUser(String)
    case userIsRoot(String)
    case cannotDropPrivileges(user: String, errno: Int32)

    var description: String {
        switch self {
        case let .invalidAddress(text):
            "--address \(text) is not an IPv4 address; give the VPN server's address, e.g. 203.0.113.11"
        case let .portWithoutNeighbour(port):
            "--port \(port) leaves no room for the second STUN port \(port)+1; choose a port from 1 to 65534"
        case let .portClash(detail):
            "\(detail); choose different ports"
        case let .socketFailed(what, code) where code == EPERM || code == EACCES:
            "cannot \(what): \(String(cString: strerror(code))); raw GRE and ESP sockets need root or CAP_NET_RAW "
                + "(or pass --no-gre --no-esp), ports below 1024 root or CAP_NET_BIND_SERVICE"
        case let .socketFailed(what, code) where code == EADDRNOTAVAIL:
            "cannot \(what): \(String(cString: strerror(code))); --address must be an address of this machine"
        case let .socketFailed(what, code):
            "cannot \(what): \(String(cString: strerror(code)))"
        case let .unknownUser(name):
            "--user \(name): no such user; name an unprivileged user the responder may run as (nobody by default)"
        case let .userIsRoot(name):
            "--user \(name) is root: the responder faces the internet and must not keep root once its sockets are open; name an unprivileged user"
        case let .cannotDropPrivileges(name, code):
            "cannot switch to user \(name): \(String(cString: strerror(code))); the responder does not answer with root's privileges"
        }
    }
}
