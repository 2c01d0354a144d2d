import SystemSupport
import Foundation

/// The listening unix socket openvpn connects to (`management-client`): the
/// plugin listens before openvpn starts, so there is no socket file to wait
/// for. Only root may connect (0600 in a 0700 directory).
final class ManagementListener: Sendable {
    let path: String
    private let descriptor: Int32

    init(path: String) throws(ManagementError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw .socket(operation: "bind \(path)", errno: ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .socket(operation: "socket", errno: errno) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, chmod(path, 0o600) == 0, listen(descriptor, 1) == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw .socket(operation: "listen on \(path)", errno: code)
        }
        self.path = path
        self.descriptor = descriptor
    }

    /// Waits for openvpn to connect, on a thread of its own (accept blocks),
    /// until `deadline` or until `abandoned()` says openvpn is gone.
    func accept(within deadline: Duration, abandoned: @escaping @Sendable () -> Bool) async throws(ManagementError) -> ManagementClient {
        let descriptor = self.descriptor
        let result: Result<Int32, ManagementError> = await DedicatedThread.run(orHere: { () -> Result<Int32, ManagementError> in
                let end = ContinuousClock.now + deadline
                // poll in short slices: the only way to notice that openvpn
                // died before connecting is to look again.
                while ContinuousClock.now < end, !abandoned() {
                    var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                    guard poll(&entry, 1, 50) > 0 else { continue }
                    let accepted = Glibc.accept(descriptor, nil, nil)
                    if accepted >= 0 {
                        _ = fcntl(accepted, F_SETFD, FD_CLOEXEC)
                        return .success(accepted)
                    }
                }
                return .failure(abandoned() ? .closed : .timedOut)
        })
        return ManagementClient(descriptor: try result.get())
    }

    /// Stops listening and removes the socket file.
    func close() {
        Glibc.close(descriptor)
        unlink(path)
    }
}
