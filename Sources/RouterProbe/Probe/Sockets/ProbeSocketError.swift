#if canImport(Glibc)
import Glibc
#endif

/// Why a probe's socket could not do its part, in words for the evidence.
public enum ProbeSocketError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A raw socket needs CAP_NET_RAW, which this process lacks.
    case rawSocketNotPermitted(protocolName: String)
    case connectionRefused(IPv4Endpoint)
    case connectionReset(IPv4Endpoint)
    case timedOut(IPv4Endpoint, milliseconds: Int)
    case closedEarly(IPv4Endpoint, received: Int)
    /// Any other failing system call, with its errno.
    case system(call: String, errno: Int32)

    public var description: String {
        switch self {
        case let .rawSocketNotPermitted(name):
            "a raw \(name) socket needs root or CAP_NET_RAW; run the probe as the daemon does"
        case let .connectionRefused(endpoint): "connection refused by \(endpoint)"
        case let .connectionReset(endpoint): "connection reset by \(endpoint)"
        case let .timedOut(endpoint, milliseconds): "no answer from \(endpoint) in \(ProbeDuration.text(milliseconds))"
        case let .closedEarly(endpoint, received): "\(endpoint) closed the connection after \(received) bytes, before a whole reply"
        case let .system(call, code): "\(call) failed: \(String(cString: strerror(code)))"
        }
    }

    static func last(_ call: String) -> Self { .system(call: call, errno: errno) }
}
