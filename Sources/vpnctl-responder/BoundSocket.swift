#if canImport(Glibc)
import Glibc
#endif
import ProbePackets

/// socket(2) + bind(2), closing the socket again when binding fails.
enum BoundSocket {
    static func open(type: Int32, protocol number: Int32, binding local: TransportAddress, what: String) throws(ResponderError) -> Int32 {
        let descriptor = socket(AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), number)
        guard descriptor >= 0 else { throw .socketFailed(what: what, errno: errno) }
        var reuse: Int32 = 1
        // A restarted responder must not wait for the old TCP connections' TIME_WAIT.
        if type == Int32(SOCK_STREAM.rawValue) {
            setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = SocketAddress.make(local)
        let bound = SocketAddress.withGeneric(&address) { bind(descriptor, $0, $1) }
        guard bound == 0 else {
            let code = errno
            close(descriptor)
            throw .socketFailed(what: what, errno: code)
        }
        return descriptor
    }
}
