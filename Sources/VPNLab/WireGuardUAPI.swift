import Foundation

/// wireguard-go's configuration protocol (wireguard.com/xplatform): text
/// lines over the unix socket /var/run/wireguard/IFNAME.sock, keys in hex,
/// answered by `errno=N` and an empty line.
struct WireGuardUAPI {
    let interface: String
    let socketPath: String

    /// True when a daemon accepts connections on the socket (a file left by
    /// a killed daemon exists but refuses).
    var isListening: Bool {
        guard let fd = try? connect() else { return false }
        close(fd)
        return true
    }

    func set(_ lines: [String]) throws {
        let reply = try exchange((["set=1"] + lines).joined(separator: "\n") + "\n\n")
        guard reply.contains("errno=0") else { throw LabError.uapi(interface: interface, detail: "the daemon answered \(reply.debugDescription)") }
    }

    func get() throws -> [String] {
        let reply = try exchange("get=1\n\n")
        return reply.split(separator: "\n").map(String.init)
    }

    static func hex(fromBase64 key: String) throws -> String {
        guard let bytes = Data(base64Encoded: key.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else {
            throw LabError.uapi(interface: "-", detail: "\(key.debugDescription) is not a base64 WireGuard key")
        }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    private func exchange(_ request: String) throws -> String {
        let fd = try connect()
        defer { close(fd) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(request.utf8)
        guard Glibc.send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else {
            throw LabError.uapi(interface: interface, detail: "cannot send: \(String(cString: strerror(errno)))")
        }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        // The answer ends with an empty line.
        while !(reply.count >= 2 && reply.suffix(2) == [10, 10]) {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else {
                throw LabError.uapi(interface: interface, detail: count == 0 ? "the daemon closed the socket" : String(cString: strerror(errno)))
            }
            reply += buffer[..<count]
        }
        return String(decoding: reply, as: UTF8.self)
    }

    private func connect() throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw LabError.uapi(interface: interface, detail: String(cString: strerror(errno))) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socketPath.utf8)
        guard path.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            throw LabError.uapi(interface: interface, detail: "socket path too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path)
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw LabError.uapi(interface: interface, detail: reason)
        }
        return fd
    }
}
