#if canImport(Glibc)
import Glibc
#endif

/// Everything that can go wrong talking netlink, with the context a user needs to act.
public enum NetlinkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A socket call failed before the kernel saw a request (socket, bind, send, recv).
    case systemCall(name: String, errno: Int32)
    /// The kernel refused a request. `message` is its extended ack, when it sent one.
    case kernelRejected(operation: String, errno: Int32, message: String?)
    /// The kernel has no WireGuard: the `wireguard` link kind or genl family is unknown.
    /// The WireGuard plugin falls back to wireguard-go on this case.
    case kernelLacksWireGuard(operation: String, errno: Int32, message: String?)
    /// No generic netlink family of that name is registered (its module is not loaded).
    case familyNotFound(name: String)
    /// No answer came within the socket's receive timeout.
    case timedOut(operation: String, after: Duration)
    /// A dump kept changing under us (NLM_F_DUMP_INTR) on every attempt.
    case dumpInterrupted(operation: String, attempts: Int)
    /// The kernel's answer could not be decoded.
    case malformedReply(operation: String, WireFormatError)
    /// A value the caller passed cannot be encoded (a name too long, a key of the wrong size).
    case invalidArgument(field: String, reason: String)
    /// A single element is larger than a netlink message may be.
    case messageTooLarge(operation: String, size: Int, limit: Int)
    /// The socket was closed before or during the request.
    case socketClosed(operation: String)

    /// The errno behind this error, when there is one.
    public var errno: Int32? {
        switch self {
        case let .systemCall(_, code), let .kernelRejected(_, code, _), let .kernelLacksWireGuard(_, code, _):
            code
        case .familyNotFound:
            ENOENT
        default:
            nil
        }
    }

    /// The kernel's own explanation (extended ack), when it sent one.
    public var kernelMessage: String? {
        switch self {
        case let .kernelRejected(_, _, message), let .kernelLacksWireGuard(_, _, message): message
        default: nil
        }
    }

    public var description: String {
        switch self {
        case let .systemCall(name, code):
            return "netlink \(name)() failed: \(Errno.describe(code))" + (Errno.hint(code).map { "; \($0)" } ?? "")
        case let .kernelRejected(operation, code, message):
            var text = "\(operation) failed: \(Errno.describe(code))"
            if let message { text += "; the kernel says: \(message)" }
            if let hint = Errno.hint(code) { text += "; \(hint)" }
            return text
        case let .kernelLacksWireGuard(operation, code, message):
            var text = "this kernel has no WireGuard support (\(operation) failed: \(Errno.describe(code))"
            if let message { text += ", the kernel says: \(message)" }
            return text + "); load the wireguard module or use the userspace implementation, wireguard-go"
        case let .familyNotFound(name):
            return "the generic netlink family \"\(name)\" is not registered; its kernel module is not loaded or not built"
        case let .timedOut(operation, after):
            return "\(operation): no answer from the kernel within \(after)"
        case let .dumpInterrupted(operation, attempts):
            return "\(operation): the kernel's table changed during each of \(attempts) attempts to read it; try again when the system is quieter"
        case let .malformedReply(operation, error):
            return "\(operation): could not decode the kernel's answer: \(error)"
        case let .invalidArgument(field, reason):
            return "invalid \(field): \(reason)"
        case let .messageTooLarge(operation, size, limit):
            return "\(operation): an element of \(size) bytes does not fit in a netlink message of at most \(limit) bytes"
        case let .socketClosed(operation):
            return "\(operation): the netlink socket is closed"
        }
    }
}
