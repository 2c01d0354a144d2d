import FoundationEssentials
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// A blocking unix stream socket. Used on threads of its own, never on
/// Swift's cooperative pool.
final class UnixSocket: @unchecked Sendable {
    let descriptor: Int32
    private var lines: LineReader?

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    static func address(_ path: String) -> sockaddr_un? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
        }
        return address
    }

    /// Connects to `path`; nil with errno set when nobody listens there.
    static func connect(to path: String) -> UnixSocket? {
        guard var address = address(path) else { errno = ENAMETOOLONG; return nil }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            errno = code
            return nil
        }
        return UnixSocket(descriptor: fd)
    }

    /// Listens on `path` with `mode`, replacing a stale socket file.
    static func listen(at path: String, mode: mode_t) throws(ControlError) -> UnixSocket {
        guard var address = address(path) else { throw .socket(path: path, errno: ENAMETOOLONG) }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .socket(path: path, errno: errno) }
        let listener = UnixSocket(descriptor: fd)
        unlink(path)
        // The socket is created with the process's umask (the daemon's is
        // 077: Daemon.run); the mode asked for is set before listening, so
        // no connection can come in between. The umask is not changed here:
        // it is the whole process's, and another thread's files would get it.
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw .socket(path: path, errno: errno) }
        guard chmod(path, mode) == 0, Glibc.listen(fd, 16) == 0 else { throw .socket(path: path, errno: errno) }
        return listener
    }

    func accept() -> UnixSocket? {
        while true {
            let fd = Glibc.accept(descriptor, nil, nil)
            if fd >= 0 {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                return UnixSocket(descriptor: fd)
            }
            if errno != EINTR { return nil }
        }
    }

    /// The uid of the process at the other end.
    var peerUID: uid_t? {
        // struct ucred (pid, uid, gid), which Glibc's module leaves out.
        var credentials: (pid: Int32, uid: UInt32, gid: UInt32) = (0, 0, 0)
        var length = socklen_t(MemoryLayout<(Int32, UInt32, UInt32)>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0 else { return nil }
        return credentials.uid
    }

    func setTimeout(_ seconds: Int) {
        var value = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    /// A short answer sent only if it fits in the socket's buffer now: for
    /// refusing a connection from the thread that accepts them all.
    func writeWithoutWaiting(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
    }

    /// One line, without its newline; nil at end of file, error or past
    /// `limit`. Reads in blocks: a connection carries one request and one
    /// answer, so nothing read beyond the line is anyone else's.
    func readLine(limit: Int = 1 << 20, deadline: ContinuousClock.Instant? = nil) -> [UInt8]? {
        if lines == nil { lines = LineReader(descriptor: descriptor, limit: limit) }
        lines?.deadline = deadline
        guard case let .line(line)? = lines?.next() else { return nil }
        return line
    }
}
