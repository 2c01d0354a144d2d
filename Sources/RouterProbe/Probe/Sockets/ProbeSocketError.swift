#if canImport(Glibc)
import Glibc
#endif
import ProbePackets

/// Why a probe's socket could not do its part, in words for the evidence.
public enum ProbeSocketError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A raw socket needs CAP_NET_RAW, which this process lacks.
    case rawSocketNotPermitted(protocolName: String)
    /// The socket could not be given the firewall mark asked for (SO_MARK);
    /// EPERM: the process lacks CAP_NET_ADMIN. Nothing was sent on it.
    case socketMarkFailed(mark: UInt32, errno: Int32)
    case connectionRefused(IPv4Endpoint)
    case connectionReset(IPv4Endpoint)
    case timedOut(IPv4Endpoint, milliseconds: Int)
    /// An ICMP error came back (host or network unreachable, prohibited): something on the path refused it.
    case unreachable(IPv4Endpoint, errno: Int32)
    case closedEarly(IPv4Endpoint, received: Int)
    /// Any other failing system call, with its errno.
    case system(call: String, errno: Int32)

    public var description: String {
        switch self {
        case let .rawSocketNotPermitted(name):
            "a raw \(name) socket needs root or CAP_NET_RAW; run the probe as the daemon does"
        case let .socketMarkFailed(mark, code) where code == EPERM || code == EACCES:
            "marking the probe's packets with firewall mark \(Self.hex(mark)) (SO_MARK) needs root or CAP_NET_ADMIN; run the probe as the daemon does (nothing was sent unmarked)"
        case let .socketMarkFailed(mark, code):
            "the probe's socket could not be given firewall mark \(Self.hex(mark)) (SO_MARK): \(String(cString: strerror(code))) (nothing was sent unmarked)"
        case let .connectionRefused(endpoint): "connection refused by \(endpoint)"
        case let .connectionReset(endpoint): "connection reset by \(endpoint)"
        case let .timedOut(endpoint, milliseconds): "no answer from \(endpoint) in \(ProbeDuration.text(milliseconds))"
        case let .unreachable(endpoint, code): "\(endpoint) is unreachable: \(String(cString: strerror(code)))"
        case let .closedEarly(endpoint, received): "\(endpoint) closed the connection after \(received) bytes, before a whole reply"
        case let .system(call, code): "\(call) failed: \(String(cString: strerror(code)))"
        }
    }

    static func last(_ call: String) -> Self { .system(call: call, errno: errno) }

    /// 0xca6c: how nft and `ip rule` show a mark.
    static func hex(_ mark: UInt32) -> String { "0x" + String(mark, radix: 16) }
}
