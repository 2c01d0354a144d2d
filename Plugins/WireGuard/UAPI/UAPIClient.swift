import SystemSupport
import Foundation

/// Talks to wireguard-go over its UAPI socket,
/// `/var/run/wireguard/<interface>.sock`.
struct UAPIClient: Sendable {
    static let socketDirectory = "/var/run/wireguard"

    let interface: String

    var socketPath: String { "\(Self.socketDirectory)/\(interface).sock" }

    func set(_ configuration: DeviceConfiguration) async throws(UAPIError) {
        let answer = try await exchange(UAPIProtocol.setRequest(configuration))
        guard let code = UAPIProtocol.errno(in: answer) else { throw .malformedAnswer }
        guard code == 0 else { throw .refused(errno: code) }
    }

    func get() async throws(UAPIError) -> DeviceReport {
        let answer = try await exchange(UAPIProtocol.getRequest)
        guard UAPIProtocol.errno(in: answer) == 0, let report = UAPIProtocol.report(from: answer) else { throw .malformedAnswer }
        return report
    }

    private func exchange(_ request: String) async throws(UAPIError) -> [(String, String)] {
        let path = socketPath
        // Socket I/O blocks: a thread of its own, not the cooperative pool.
        let result: Result<String, UAPIError> = await DedicatedThread.run(orHere: { Self.blockingExchange(request, path: path) })
        guard let pairs = UAPIProtocol.pairs(try result.get()) else { throw .malformedAnswer }
        return pairs
    }

    private static func blockingExchange(_ request: String, path: String) -> Result<String, UAPIError> {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(.unreachable(path: path, errno: errno)) }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return .failure(.unreachable(path: path, errno: ENAMETOOLONG)) }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { return .failure(.unreachable(path: path, errno: errno)) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let request = Array(request.utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else {
            return .failure(.unreachable(path: path, errno: errno))
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        // The answer ends with a blank line.
        while !(answer.count >= 2 && answer[answer.count - 2] == 0x0A && answer[answer.count - 1] == 0x0A) {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            answer += buffer[0..<count]
            guard answer.count < 16 << 20 else { return .failure(.malformedAnswer) }
        }
        return .success(String(decoding: answer, as: UTF8.self))
    }
}

enum UAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreachable(path: String, errno: Int32)
    case refused(errno: Int32)
    case malformedAnswer

    var description: String {
        switch self {
        case let .unreachable(path, code): "cannot reach wireguard-go at \(path): \(String(cString: strerror(code)))"
        case let .refused(code): "wireguard-go refused the configuration (errno \(code): \(String(cString: strerror(code))))"
        case .malformedAnswer: "wireguard-go's answer could not be read"
        }
    }
}
