#if canImport(Glibc)
import Glibc
#endif
import ProbePackets

/// A TCP connection for the stream probes (TCP 443, OpenVPN over TCP, PPTP,
/// the IGD's HTTP): a connect and reads bounded by deadlines, by poll().
final class StreamConnection {
    let descriptor: Int32
    let peer: IPv4Endpoint
    private var buffered: [UInt8] = []

    /// Connects within `milliseconds` (the SYN already carrying the probe
    /// thread's socket mark, if any); the error says whether the peer
    /// refused, reset, or never answered.
    init(to peer: IPv4Endpoint, within milliseconds: Int) throws(ProbeSocketError) {
        self.peer = peer
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), Int32(IPPROTO_TCP))
        guard descriptor >= 0 else { throw .last("socket") }
        try ProbeSocketMark.apply(to: descriptor)
        var address = peer.socketAddress
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result != 0 {
            guard errno == EINPROGRESS else { throw Self.error(errno, peer) }
            var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            guard poll(&entry, 1, Int32(clamping: milliseconds)) > 0 else { throw .timedOut(peer, milliseconds: milliseconds) }
            var code: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &length)
            guard code == 0 else { throw Self.error(code, peer) }
        }
    }

    // The only close: a class whose init throws after its properties are set
    // is deinitialised, so closing on an error path as well would close a
    // descriptor number another probe thread may already have been given.
    deinit { if descriptor >= 0 { close(descriptor) } }

    private static func error(_ code: Int32, _ peer: IPv4Endpoint) -> ProbeSocketError {
        switch code {
        case ECONNREFUSED: .connectionRefused(peer)
        case ECONNRESET: .connectionReset(peer)
        case EHOSTUNREACH, ENETUNREACH, ETIMEDOUT, EACCES, EPERM: .unreachable(peer, errno: code)
        default: .system(call: "connect \(peer)", errno: code)
        }
    }

    func send(_ bytes: [UInt8]) throws(ProbeSocketError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                guard errno == EAGAIN || errno == EWOULDBLOCK else { throw Self.error(errno, peer) }
                var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                guard poll(&entry, 1, 1000) > 0 else { throw .timedOut(peer, milliseconds: 1000) }
                continue
            }
            offset += written
        }
    }

    /// Reads until `complete` returns how many buffered bytes form a whole
    /// message, then returns those (keeping the rest for the next call).
    /// Bounded: at most `limit` bytes, until `deadline` (monotonic ns).
    func receive(until complete: ([UInt8]) -> Int?, deadline: UInt64, limit: Int = 262_144) throws(ProbeSocketError) -> [UInt8] {
        let start = ProbeDuration.nowNanoseconds()
        while true {
            if let length = complete(buffered) {
                let message = Array(buffered.prefix(length))
                buffered.removeFirst(min(length, buffered.count))
                return message
            }
            let now = ProbeDuration.nowNanoseconds()
            guard buffered.count < limit else { throw .system(call: "read \(peer) (reply over \(limit) bytes)", errno: EMSGSIZE) }
            guard now < deadline else { throw .timedOut(peer, milliseconds: Int(ProbeDuration.milliseconds(since: start))) }
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, Int32(clamping: Int((deadline - now) / 1_000_000) + 1))
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 16_384)
            let read = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if read == 0 { throw .closedEarly(peer, received: buffered.count) }
            if read < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw Self.error(errno, peer)
            }
            buffered += chunk[0..<read]
        }
    }

    /// Everything until the peer closes (HTTP with Connection: close).
    func receiveAll(deadline: UInt64, limit: Int = 262_144) throws(ProbeSocketError) -> [UInt8] {
        let start = ProbeDuration.nowNanoseconds()
        while true {
            let now = ProbeDuration.nowNanoseconds()
            guard now < deadline else { throw .timedOut(peer, milliseconds: Int(ProbeDuration.milliseconds(since: start))) }
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, Int32(clamping: Int((deadline - now) / 1_000_000) + 1)) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 16_384)
            let read = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if read == 0 { let all = buffered; buffered = []; return all }
            if read < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw Self.error(errno, peer)
            }
            buffered += chunk[0..<read]
            guard buffered.count <= limit else { throw .system(call: "read \(peer) (reply over \(limit) bytes)", errno: EMSGSIZE) }
        }
    }
}
